using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Core.Tests;

public class CaptureTests
{
    [Fact]
    public void Backoff_doubles_up_to_the_maximum_within_the_jitter_and_resets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.2, new Random(3));
        double[] delays = [.. Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalSeconds)];
        double[] nominal = [1, 2, 4, 8, 8, 8];
        for (int i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i], nominal[i] * 0.8, nominal[i] * 1.2);
        }

        Assert.Equal(6, backoff.Attempts);
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.8, 1.2);
    }

    [Fact]
    public void Backoff_jitter_spreads_cameras_apart()
    {
        var a = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.2, new Random(1));
        var b = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0.2, new Random(2));
        Assert.NotEqual(a.Next(), b.Next());
    }

    [Fact]
    public void Sampler_keeps_the_target_rate_by_capture_time()
    {
        var sampler = new FrameSampler(10);
        var t0 = DateTimeOffset.UnixEpoch;
        int kept = Enumerable.Range(0, 30).Count(i => sampler.Take(t0.AddSeconds(i / 30.0)));
        Assert.Equal(10, kept); // one second of 30 fps at 10 fps
        Assert.True(new FrameSampler(0).Take(t0) && new FrameSampler(0).Take(t0));
    }

    [Fact]
    public void Zone_contains_plates_whose_centre_is_inside_the_polygon()
    {
        DetectionZone zone = DetectionZone.Parse("0,100 400,100 400,300 0,300");
        Assert.True(zone.Contains(new BoundingBox(100, 150, 200, 190)));
        Assert.False(zone.Contains(new BoundingBox(500, 150, 600, 190)));
        Assert.False(zone.Contains(new BoundingBox(100, 10, 200, 50)));

        DetectionZone triangle = DetectionZone.Parse("0,0 100,0 0,100");
        Assert.True(triangle.Contains(10, 10));
        Assert.False(triangle.Contains(90, 90));
    }

    [Theory]
    [InlineData("0,0 10,10", "at least 3 points")]
    [InlineData("0,0 10;10 5,5", "is not x,y")]
    public void Bad_zones_are_refused(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => DetectionZone.Parse(text));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
