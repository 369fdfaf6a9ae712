using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Pipeline;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The camera path's motion gate, on either picture implementation's thumbnails.</summary>
public sealed class MotionGateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void An_empty_road_is_skipped_a_moving_vehicle_passes_and_a_quiet_scene_still_gets_a_look(string implementation)
    {
        var gate = new MotionGate(TestPictures.Named(implementation), maxQuiet: TimeSpan.FromSeconds(2));
        using BgrPicture road = BgrPicture.Filled(1920, 1080, 70, 72, 75);

        Assert.True(gate.ShouldProcess(road, Start), "the first frame has nothing to compare with");
        Assert.False(gate.ShouldProcess(road, Start.AddMilliseconds(100)), "nothing moved");

        // A vehicle-sized block 2% of the frame: far more than the 0.2% the gate asks.
        using BgrPicture vehicle = BgrPicture.Filled(1920, 1080, 70, 72, 75);
        TestPictures.Fill(vehicle, new PixelRect(800, 500, 300, 150), 220, 220, 220);
        Assert.True(gate.ShouldProcess(vehicle, Start.AddMilliseconds(200)), "a vehicle came into view");
        Assert.False(gate.ShouldProcess(vehicle, Start.AddMilliseconds(300)), "it stopped");

        Assert.True(gate.ShouldProcess(vehicle, Start.AddMilliseconds(2300)), "a stopped vehicle is looked at every 2 s");
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Sensor_noise_is_not_motion(string implementation)
    {
        var gate = new MotionGate(TestPictures.Named(implementation));
        var random = new Random(3);
        using BgrPicture first = Noisy(random);
        using BgrPicture second = Noisy(random);
        Assert.True(gate.ShouldProcess(first, Start));
        Assert.False(gate.ShouldProcess(second, Start.AddMilliseconds(40)), "±6 grey levels of noise everywhere");
    }

    [Fact]
    public void A_camera_that_changes_resolution_starts_afresh()
    {
        var gate = new MotionGate(TestPictures.Portable);
        using BgrPicture small = BgrPicture.Filled(640, 360, 10, 10, 10);
        using BgrPicture tall = BgrPicture.Filled(640, 480, 10, 10, 10);
        Assert.True(gate.ShouldProcess(small, Start));
        Assert.True(gate.ShouldProcess(tall, Start.AddMilliseconds(100)), "a new size has nothing to compare with");
    }

    private static BgrPicture Noisy(Random random)
    {
        BgrPicture picture = BgrPicture.Create(1280, 720);
        Span<byte> pixels = picture.Pixels;
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(120 + random.Next(-6, 7));
        }

        return picture;
    }
}
