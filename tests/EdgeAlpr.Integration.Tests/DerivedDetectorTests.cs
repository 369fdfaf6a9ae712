using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The float detector derived at fetch finds the same plates as the int8 original, in the same places.</summary>
[Collection(EngineCollection.Name)]
public sealed class DerivedDetectorTests(EngineFixture fixture)
{
    private const string Original = "yolo-v9-t-416-license-plates-end2end-int8";

    [Fact]
    public void The_default_detector_is_the_derived_one()
    {
        Assert.Equal("yolo-v9-t-416-license-plates-end2end-float", new RecognitionOptions().DetectorModel);
        Assert.Equal(Original, fixture.Fetcher.Manifest.Find(RecognitionOptions.DefaultDetector, "detector").Derived?.From);
    }

    /// <summary>
    /// Every plate the original finds, the derived detector finds in the same place: IoU at least 0.9 for most
    /// (0.93 median on these photos), never below 0.7. Not 0.9 for all: the original quantises every activation
    /// to 8 bits per run, its box coordinates included (its last matrix product, steps of about 1.6 letterbox
    /// pixels, 7 source pixels on a 1080p photo), which moves a small plate's box by a few pixels (0.73 on a
    /// 59×30 plate); the derived boxes are the unrounded ones, and against the ground truth they are at least as good.
    /// </summary>
    [Fact]
    public async Task Boxes_agree_with_the_original_detector_on_dev_photos()
    {
        using PlateRecognitionEngine original = await Engine(Original);
        using PlateRecognitionEngine derived = await Engine(RecognitionOptions.DefaultDetector);
        DatasetImage[] photos = [.. Dataset.Load(TestPaths.UsDev).Images.Take(10), .. Dataset.Load(TestPaths.Eu).Images.Take(10)];

        var agreement = new List<float>();
        double truthBefore = 0;
        double truthAfter = 0;
        foreach (DatasetImage photo in photos)
        {
            byte[] bytes = await File.ReadAllBytesAsync(photo.ImagePath);
            RecognitionResult before = original.Recognize(bytes);
            RecognitionResult after = derived.Recognize(bytes);

            Assert.True(before.Plates.Count == after.Plates.Count, $"{photo.Name}: {before.Plates.Count} plates, then {after.Plates.Count}");
            foreach (RecognizedPlate plate in before.Plates)
            {
                float best = after.Plates.Max(p => p.Box.IntersectionOverUnion(plate.Box));
                Assert.True(best >= 0.7f, $"{photo.Name}: the derived detector's best box overlaps {Describe(plate.Box)} by {best:F3}");
                agreement.Add(best);
            }

            truthBefore += PlateScorer.Score(photo.Plates, before.Plates).Average(s => s.BestIou);
            truthAfter += PlateScorer.Score(photo.Plates, after.Plates).Average(s => s.BestIou);
        }

        Assert.True(agreement.Count >= photos.Length, $"only {agreement.Count} plates in {photos.Length} photos");
        float median = agreement.Order().ElementAt(agreement.Count / 2);
        Assert.True(
            median >= 0.9f,
            $"median IoU with the original's boxes {median:F3}: {string.Join(", ", agreement.Select(a => a.ToString("F2")))}"
        );
        Assert.True(
            truthAfter >= truthBefore - 0.01,
            $"mean IoU with the ground truth fell from {truthBefore / photos.Length:F3} to {truthAfter / photos.Length:F3}"
        );
    }

    private Task<PlateRecognitionEngine> Engine(string detector) =>
        PlateRecognitionEngine.CreateAsync(
            new RecognitionOptions
            {
                DetectorModel = detector,
                Mode = ReadingMode.Single,
                IntraOpThreads = 1,
            },
            fixture.Fetcher,
            TestPictures.Portable,
            null,
            CancellationToken.None
        );

    private static string Describe(BoundingBox b) => $"[{b.X1:F0},{b.Y1:F0},{b.X2:F0},{b.Y2:F0}]";
}
