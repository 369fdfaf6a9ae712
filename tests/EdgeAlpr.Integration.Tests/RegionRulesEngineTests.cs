using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Recognition;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The engine writes readings as the plate's region prints them (plate-regions.json), on a real photo.</summary>
[Collection(EngineCollection.Name)]
public sealed class RegionRulesEngineTests(EngineFixture fixture)
{
    /// <summary>A US plate whose third character the OCR reads as the letter O (ground truth HL0KTY1).</summary>
    private static string UsPlateReadWithO => Path.Combine(TestPaths.UsDev, "us6.jpg");

    [Fact]
    public void A_us_plate_read_with_the_letter_o_is_stored_with_the_digit_and_keeps_the_o_as_a_candidate()
    {
        RecognizedPlate plate = Assert.Single(fixture.Engine.Recognize(File.ReadAllBytes(UsPlateReadWithO)).Plates);

        Assert.Equal("United States", plate.Region?.Name);
        Assert.Equal("HL0KTY1", plate.Text);
        Assert.Equal(plate.Text, plate.Candidates[0].Text);
        Assert.Equal(plate.Confidence, plate.Candidates[0].Probability);
        Assert.Contains(plate.Candidates, c => c.Text == "HLOKTY1");
        Assert.Equal(plate.Text.Length, plate.CharConfidences.Count);
        Assert.NotNull(fixture.Engine.RegionRules);
    }

    [Fact]
    public async Task With_region_rules_off_the_reading_is_what_the_model_saw()
    {
        var options = new RecognitionOptions { RegionRules = false, WarmUp = false };
        using PlateRecognitionEngine engine = await PlateRecognitionEngine.CreateAsync(
            options,
            fixture.Fetcher,
            TestPictures.Portable,
            null,
            CancellationToken.None
        );
        RecognizedPlate ruled = Assert.Single(fixture.Engine.Recognize(File.ReadAllBytes(UsPlateReadWithO)).Plates);

        RecognizedPlate plate = Assert.Single(engine.Recognize(File.ReadAllBytes(UsPlateReadWithO)).Plates);

        Assert.Null(engine.RegionRules);
        Assert.Equal("HLOKTY1", plate.Text);
        Assert.DoesNotContain(plate.Candidates, c => c.Text == "HL0KTY1" && c.Probability >= plate.Confidence);
        // The 0 at the rewritten position is sure of either look-alike, so at least as sure as of the O alone.
        Assert.True(ruled.CharConfidences[2] >= plate.CharConfidences[2], $"{ruled.CharConfidences[2]} < {plate.CharConfidences[2]}");
        Assert.True(ruled.Confidence >= plate.Confidence, $"{ruled.Confidence} < {plate.Confidence}");
    }
}
