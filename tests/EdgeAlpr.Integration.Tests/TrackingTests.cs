using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The tracker fed by the real engine: a panning view of one parked car is one pass.</summary>
[Collection(EngineCollection.Name)]
public sealed class TrackingTests(EngineFixture fixture)
{
    [Fact]
    public void Frames_of_one_plate_panning_past_give_one_pass_with_the_plate_read()
    {
        string truth = GroundTruthPlate.Parse(File.ReadAllText(Path.ChangeExtension(TestPaths.KnownImage, ".txt"))).Text;
        using BgrPicture photo = TestPictures.Decode(TestPaths.KnownImage);
        var tracker = new PlateTracker(fixture.Engine.FusedSpec, new TrackerOptions());
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var passes = new List<PlatePass>();

        for (int f = 0; f < 8; f++)
        {
            // The view pans 12 pixels a frame at 10 frames per second.
            using BgrPicture frame = TestPictures.Panned(photo, 12 * f);
            RecognitionResult result = fixture.Engine.Recognize(frame);
            Assert.All(result.Plates, p =>
                Assert.Equal(fixture.Engine.FusedSpec.MaxPlateSlots * fixture.Engine.FusedSpec.Alphabet.Length, p.SlotProbabilities.Length)
            );
            passes.AddRange(tracker.Observe(start.AddMilliseconds(100 * f), f, result.Plates));
        }

        passes.AddRange(tracker.Flush());

        PlatePass pass = Assert.Single(passes);
        Assert.Equal(truth, pass.Text);
        Assert.Equal(8, pass.FramesUsed);
        Assert.InRange(pass.Best.Frame, 0, 7);
    }
}
