using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Core.Tests;

public class PassAcceptanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly RegionGuess Us = new("United States", 0.95f);
    private static readonly PassAcceptance Defaults = new(new PassAcceptanceOptions());

    /// <summary>A pass reading <paramref name="text"/> at <paramref name="confidence"/>, whose frames read <paramref name="frames"/>.</summary>
    private static PlatePass Pass(string text, float confidence, string[] frames, RegionGuess? region = null, float width = 80, float height = 40)
    {
        var box = new BoundingBox(100, 100, 100 + width, 100 + height);
        PlateSighting[] sightings =
        [
            .. frames.Select(
                (t, i) =>
                    new PlateSighting(
                        T0.AddMilliseconds(i * 100),
                        i,
                        new RecognizedPlate(box, 0.8f, t, confidence, [], [new PlateCandidate(t, confidence)], region)
                    )
            ),
        ];
        return new PlatePass(
            1,
            T0,
            sightings[^1].Time,
            sightings[0],
            sightings.Length,
            text,
            confidence,
            [],
            [new PlateCandidate(text, confidence)],
            region,
            sightings
        );
    }

    [Fact]
    public void A_sure_plate_of_its_regions_length_and_shape_is_a_read()
    {
        Assert.Null(Defaults.Judge(Pass("ABC1234", 0.95f, ["ABC1234"], Us)));
        Assert.Null(Defaults.Judge(Pass("AB", 0.95f, ["AB"], Us))); // the United States issue two-character plates
    }

    [Fact]
    public void A_reading_shorter_than_its_regions_shortest_plate_is_too_short_however_sure()
    {
        Assert.Equal(ReadDoubt.TooShort, Defaults.Judge(Pass("5", 0.99f, ["5", "5", "5", "5"], Us)));
        Assert.Equal(ReadDoubt.TooShort, Defaults.Judge(Pass("AB", 0.99f, ["AB", "AB", "AB"]))); // unknown region: 3
        Assert.Equal(ReadDoubt.TooShort, Defaults.Judge(Pass("", 0.99f, [""], Us)));
        // The Netherlands issue six characters; a region the head is unsure of has the default rule.
        Assert.Equal(ReadDoubt.TooShort, Defaults.Judge(Pass("12AB3", 0.99f, ["12AB3"], new RegionGuess("Netherlands", 0.9f))));
        Assert.Null(Defaults.Judge(Pass("12AB3", 0.99f, ["12AB3"], new RegionGuess("Netherlands", 0.3f))));
    }

    [Theory]
    [InlineData(80, 40, true)] // US 2:1
    [InlineData(470, 100, true)] // EU one line
    [InlineData(40, 40, true)] // square moto plate
    [InlineData(32, 40, true)] // 0.8: the narrowest kept
    [InlineData(31, 40, false)]
    [InlineData(320, 40, true)] // 8: the widest kept
    [InlineData(330, 40, false)]
    [InlineData(20, 100, false)] // a post
    public void A_box_is_plausible_only_within_the_plate_shapes(float width, float height, bool plausible)
    {
        ReadDoubt? doubt = Defaults.Judge(Pass("ABC1234", 0.95f, ["ABC1234"], Us, width, height));
        Assert.Equal(plausible ? null : ReadDoubt.ImplausibleBox, doubt);
    }

    [Fact]
    public void An_unsure_pass_read_alike_in_too_few_frames_is_unconfirmed()
    {
        // The junk of a parked-car clip: 0.0001, its frames reading it ten ways.
        string[] frames = ["LLE71", "L1EM", "LLEM7", "LLE71", "L2EM7", "L4EM1", "L3E7", "LLEM", "LLCM7", "L11M7"];
        Assert.Equal(ReadDoubt.Unconfirmed, Defaults.Judge(Pass("LLEM", 0.0001f, frames, Us)));
        Assert.Equal(ReadDoubt.Unconfirmed, Defaults.Judge(Pass("FBN26", 0.0185f, ["FBN26"], Us)));
    }

    [Fact]
    public void Confidence_or_agreement_confirms_a_pass_at_their_boundaries()
    {
        var options = new PassAcceptanceOptions { MinConfidence = 0.1f, MinAgreeingFrames = 3 };
        var acceptance = new PassAcceptance(options);

        Assert.Null(acceptance.Judge(Pass("YF2L6G", 0.1f, ["YF2L6G"], Us))); // at the confidence: sure enough
        Assert.Equal(ReadDoubt.Unconfirmed, acceptance.Judge(Pass("YF2L6G", 0.099f, ["YF2L6G", "YF246G", "YF2L6G"], Us)));
        Assert.Null(acceptance.Judge(Pass("YF2L6G", 0.05f, ["YF2L6G", "YF246G", "YF2L6G", "YF2L6G"], Us))); // three frames agree
    }

    [Fact]
    public void Below_the_agreed_confidence_no_number_of_agreeing_frames_confirms_a_pass()
    {
        // A blurred plate read 1111111 at 0.0001 in four of seven frames of a still scene.
        string[] frames = ["111411", "1R17117", "1111111", "1114711", "1111111", "1111111", "1111111"];
        Assert.Equal(ReadDoubt.Unconfirmed, Defaults.Judge(Pass("1111111", 0.0001f, frames, Us)));
        Assert.Null(Defaults.Judge(Pass("1111111", 0.01f, frames, Us))); // at the floor, agreement counts
        Assert.Equal(ReadDoubt.Unconfirmed, Defaults.Judge(Pass("1111111", 0.0099f, frames, Us)));
    }

    [Fact]
    public void Frames_agree_as_their_region_prints_them()
    {
        // The pass's reading has the United States' O as 0; its frames, read before that rule, agree with it.
        var acceptance = new PassAcceptance(new PassAcceptanceOptions { MinConfidence = 0.5f, MinAgreeingFrames = 3 });
        PlatePass pass = Pass("HL0KTY1", 0.3f, ["HLOKTY1", "HLOKTY1", "HL0KTY1"], Us);
        Assert.Equal(3, PassAcceptance.AgreeingFrames(pass, PlateRegionRules.BuiltIn.For(Us)));
        Assert.Null(acceptance.Judge(pass));
    }

    [Fact]
    public void The_first_reason_is_given_so_counts_per_reason_add_up()
    {
        // Too short, implausible and unconfirmed at once: counted once, as too short.
        Assert.Equal(ReadDoubt.TooShort, Defaults.Judge(Pass("N", 0.001f, ["N4"], Us, width: 10, height: 40)));
        Assert.Equal(ReadDoubt.ImplausibleBox, Defaults.Judge(Pass("L222", 0.001f, ["L222"], Us, width: 10, height: 40)));
    }

    [Theory]
    [InlineData(-0.1f, 3, 0.8f, 8f, "MinConfidence")]
    [InlineData(1.5f, 3, 0.8f, 8f, "MinConfidence")]
    [InlineData(float.NaN, 3, 0.8f, 8f, "MinConfidence")]
    [InlineData(0.1f, 0, 0.8f, 8f, "MinAgreeingFrames")]
    [InlineData(0.005f, 3, 0.8f, 8f, "MinAgreedConfidence")]
    [InlineData(0.1f, 3, 0f, 8f, "MinBoxAspect")]
    [InlineData(0.1f, 3, 4f, 2f, "MinBoxAspect")]
    public void Bad_options_are_refused_with_their_name(float confidence, int frames, float minAspect, float maxAspect, string named)
    {
        var options = new PassAcceptanceOptions
        {
            MinConfidence = confidence,
            MinAgreeingFrames = frames,
            MinBoxAspect = minAspect,
            MaxBoxAspect = maxAspect,
        };
        Assert.Contains(options.Validate(), p => p.Contains(named, StringComparison.Ordinal));
        ArgumentException e = Assert.Throws<ArgumentException>(() => new PassAcceptance(options));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Empty(new PassAcceptanceOptions().Validate());
    }
}
