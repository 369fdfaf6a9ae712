using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;

namespace EdgeAlpr.Integration.Tests;

[Collection(EngineCollection.Name)]
public sealed class EngineTests(EngineFixture fixture)
{
    private PlateRecognitionEngine Engine => fixture.Engine;

    private static GroundTruthPlate Truth(string imagePath) => GroundTruthPlate.Parse(File.ReadAllText(Path.ChangeExtension(imagePath, ".txt")));

    [Fact]
    public void Reads_a_plate_with_box_confidences_candidates_region_and_timings()
    {
        GroundTruthPlate truth = Truth(TestPaths.KnownImage);

        RecognitionResult result = Engine.Recognize(File.ReadAllBytes(TestPaths.KnownImage));

        RecognizedPlate plate = Assert.Single(result.Plates);
        Assert.Equal(truth.Text, plate.Text);
        Assert.True(plate.Box.IntersectionOverUnion(truth.Box) >= 0.5f, $"box {plate.Box} vs truth {truth.Box}");
        Assert.Equal(plate.Text.Length, plate.CharConfidences.Count);
        Assert.All(plate.CharConfidences, c => Assert.InRange(c, 0f, 1f));
        Assert.InRange(plate.Confidence, 0.5f, 1f);
        Assert.InRange(plate.Candidates.Count, 2, 5);
        Assert.Equal(plate.Text, plate.Candidates[0].Text);
        Assert.Equal(plate.Candidates.Count, plate.Candidates.Select(c => c.Text).Distinct().Count());
        Assert.Equal("United States", plate.Region?.Name);
        Assert.True(result.Timings.DetectMs > 0 && result.Timings.OcrMs > 0 && result.Timings.DecodeMs > 0);
        Assert.Equal((1920, 1080), (result.ImageWidth, result.ImageHeight));
    }

    [Fact]
    public void The_default_plan_fuses_both_ocr_models_over_two_crops_with_the_format_prior()
    {
        ReadingPlan plan = Engine.Plan;
        Assert.Equal(["cct_xs_v2_global", "cct_xs_v1_global"], plan.OcrModels);
        Assert.Equal(2, plan.Variants.Count);
        Assert.True(plan.FormatPrior);
        Assert.False(plan.RefineBoxes);
        Assert.Equal(4, plan.ReadsPerPlate);
    }

    [Fact]
    public void Explicit_settings_override_the_mode()
    {
        ReadingPlan plan = ReadingPlan.Resolve(
            new RecognitionOptions
            {
                Mode = ReadingMode.Accuracy,
                FusionModels = [],
                CropVariants = ["margin=0.1,rotate=3"],
                FormatPrior = false,
                RefineBoxes = false,
            }
        );
        Assert.Equal(["cct_xs_v2_global"], plan.OcrModels);
        Assert.Equal([new CropVariant(0.1f, 3f)], plan.Variants);
        Assert.False(plan.FormatPrior || plan.RefineBoxes);
    }

    [Fact]
    public async Task Accuracy_mode_reads_the_known_plate_with_refined_boxes()
    {
        var options = new RecognitionOptions { Mode = ReadingMode.Accuracy };
        using PlateRecognitionEngine accurate = await PlateRecognitionEngine.CreateAsync(
            options,
            fixture.Fetcher,
            TestPictures.Portable,
            null,
            CancellationToken.None
        );
        RecognizedPlate plate = Assert.Single(accurate.Recognize(File.ReadAllBytes(TestPaths.KnownImage)).Plates);
        Assert.Equal(Truth(TestPaths.KnownImage).Text, plate.Text);
        Assert.True(accurate.Plan.RefineBoxes);
    }

    [Fact]
    public void A_picture_without_plates_gives_no_plates()
    {
        using BgrPicture grey = BgrPicture.Filled(1280, 720, 90, 90, 90);
        RecognitionResult result = Engine.Recognize(grey);
        Assert.Empty(result.Plates);
        Assert.Equal(0, result.Timings.OcrMs, 1);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3000, 2)]
    [InlineData(2, 3000)]
    public void Extreme_picture_sizes_do_not_crash(int w, int h)
    {
        using BgrPicture image = BgrPicture.Filled(w, h, 200, 200, 200);
        Assert.NotNull(Engine.Recognize(image));
    }

    [Fact]
    public void A_truncated_photo_is_refused_with_a_clear_error()
    {
        byte[] bytes = File.ReadAllBytes(TestPaths.KnownImage);
        var ex = Assert.Throws<InvalidImageException>(() => Engine.Recognize(bytes[..(bytes.Length * 6 / 10)]));
        Assert.Equal("truncated JPEG: the end-of-image marker is missing", ex.Message);
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Throws<InvalidImageException>(() => Engine.Recognize(Array.Empty<byte>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgrPicture.Create(0, 0));
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_reads()
    {
        byte[] bytes = File.ReadAllBytes(TestPaths.KnownImage);
        RecognitionResult[] results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Engine.Recognize(bytes))));
        Assert.All(results, r =>
        {
            Assert.Equal(results[0].Plates.Single().Text, r.Plates.Single().Text);
            Assert.Equal(results[0].Plates.Single().Box, r.Plates.Single().Box);
        });
    }

    [Fact]
    public async Task The_v1_ocr_model_reads_without_a_region()
    {
        var options = new RecognitionOptions
        {
            OcrModel = "cct_xs_v1_global",
            Mode = ReadingMode.Single,
            IntraOpThreads = 1,
        };
        using PlateRecognitionEngine v1 = await PlateRecognitionEngine.CreateAsync(
            options,
            fixture.Fetcher,
            TestPictures.Portable,
            null,
            CancellationToken.None
        );

        RecognizedPlate plate = Assert.Single(v1.Recognize(File.ReadAllBytes(TestPaths.KnownImage)).Plates);

        Assert.Equal(Truth(TestPaths.KnownImage).Text, plate.Text);
        Assert.Null(plate.Region);
        Assert.Equal(9, v1.OcrSpec.MaxPlateSlots);
    }

    [Fact]
    public async Task An_unknown_model_id_is_refused_listing_the_known_ones()
    {
        var options = new RecognitionOptions { OcrModel = "no-such-ocr" };
        var ex = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            PlateRecognitionEngine.CreateAsync(options, fixture.Fetcher, TestPictures.Portable, null, CancellationToken.None)
        );
        Assert.Contains(
            "unknown ocr model 'no-such-ocr'; known ocr models: cct_xs_v2_global, cct_xs_v1_global",
            ex.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Options_validation_reports_every_problem()
    {
        var validator = new RecognitionOptionsValidator(ModelManifest.BuiltIn);
        var bad = new RecognitionOptions
        {
            DetectorModel = "cct_xs_v2_global",
            DetectionThreshold = 1.5f,
            CropVariants = ["margin=2"],
            Candidates = 0,
            IntraOpThreads = -1,
        };

        var result = validator.Validate(null, bad);

        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("is a ocr model, not a detector model", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f =>
            f.Contains("crop variant 'margin=2': margin must be a number from 0 to 0.5", StringComparison.Ordinal)
        );
        Assert.True(validator.Validate(null, new RecognitionOptions()).Succeeded);
    }
}
