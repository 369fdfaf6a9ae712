using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Recognition.Fusion;

namespace EdgeAlpr.Core.Tests;

public class FusionTests
{
    // Alphabet "AB_": A=0, B=1, pad=2.
    private const int Classes = 3;
    private const int Pad = 2;

    private static SlotReading Reading(float weight, params float[][] slots) => new(slots.SelectMany(s => s).ToArray(), slots.Length, weight);

    [Fact]
    public void A_single_reading_fuses_to_itself()
    {
        SlotReading r = Reading(1f, [0.7f, 0.2f, 0.1f], [0.1f, 0.1f, 0.8f]);
        var fused = new float[6];
        SlotFusion.Fuse([r], 2, Classes, Pad, fused);
        float[] expected = r.Probabilities.ToArray();
        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(expected[i], fused[i], 5));
    }

    [Fact]
    public void A_confident_reading_outvotes_an_unsure_one_per_character()
    {
        // Slot 0: one reading is sure of A, the other leans to B; slot 1: the second is sure of B.
        SlotReading sure = Reading(1f, [0.9f, 0.1f, 0f], [0.4f, 0.35f, 0.25f]);
        SlotReading unsure = Reading(1f, [0.45f, 0.55f, 0f], [0f, 0.95f, 0.05f]);
        var fused = new float[6];

        SlotFusion.Fuse([sure, unsure], 2, Classes, Pad, fused);

        Assert.True(fused[0] > fused[1], "slot 0 should read A");
        Assert.True(fused[4] > fused[3], "slot 1 should read B");
        Assert.Equal(1f, fused[0] + fused[1] + fused[2], 5);
        Assert.Equal(1f, fused[3] + fused[4] + fused[5], 5);
        // Weighted by certainty: (0.9·0.9 + 0.55·0.45) / (0.9 + 0.55)
        Assert.Equal(((0.9f * 0.9f) + (0.55f * 0.45f)) / 1.45f, fused[0], 5);
    }

    [Fact]
    public void A_model_with_fewer_slots_votes_padding_for_the_rest()
    {
        SlotReading longer = Reading(1f, [1f, 0f, 0f], [0f, 0.6f, 0.4f]);
        SlotReading shorter = Reading(1f, [1f, 0f, 0f]);
        var fused = new float[6];

        SlotFusion.Fuse([longer, shorter], 2, Classes, Pad, fused);

        Assert.Equal((0.6f * 0.6f) / 1.6f, fused[4], 5);
        Assert.Equal(((0.6f * 0.4f) + 1f) / 1.6f, fused[5], 5);
    }

    [Fact]
    public void Source_weights_scale_the_vote()
    {
        SlotReading a = Reading(3f, [0.6f, 0.4f, 0f]);
        SlotReading b = Reading(1f, [0.4f, 0.6f, 0f]);
        var fused = new float[3];
        SlotFusion.Fuse([a, b], 1, Classes, Pad, fused);
        Assert.True(fused[0] > fused[1]);
    }

    [Fact]
    public void Refuses_nothing_and_mismatched_sizes()
    {
        Assert.Throws<ArgumentException>(() => SlotFusion.Fuse([], 1, Classes, Pad, new float[3]));
        Assert.Throws<ArgumentException>(() => SlotFusion.Fuse([Reading(1f, [1f, 0f, 0f])], 1, Classes, Pad, new float[4]));
        Assert.Throws<ArgumentException>(() => SlotFusion.Fuse([Reading(1f, [1f, 0f, 0f], [1f, 0f, 0f])], 1, Classes, Pad, new float[3]));
    }

    [Theory]
    [InlineData("margin=0.1", 0.1f, 0f, CropContrast.None)]
    [InlineData("margin=0.15, rotate=-4", 0.15f, -4f, CropContrast.None)]
    [InlineData("contrast=clahe,margin=0.2", 0.2f, 0f, CropContrast.Clahe)]
    [InlineData("", 0f, 0f, CropContrast.None)]
    public void Crop_variants_parse(string text, float margin, float rotate, CropContrast contrast)
    {
        CropVariant v = CropVariant.Parse(text);
        Assert.Equal(new CropVariant(margin, rotate, contrast), v);
        Assert.Equal(v, CropVariant.Parse(v.ToString()));
    }

    [Theory]
    [InlineData("margin=0.9", "margin must be a number from 0 to 0.5")]
    [InlineData("rotate=abc", "rotate must be a number")]
    [InlineData("zoom=2", "unknown key 'zoom'")]
    [InlineData("margin", "is not key=value")]
    [InlineData("contrast=max", "contrast must be none or clahe")]
    public void Bad_crop_variants_are_refused_saying_why(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => CropVariant.Parse(text));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
