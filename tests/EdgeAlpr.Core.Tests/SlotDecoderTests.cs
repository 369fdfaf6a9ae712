using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tests;

public class SlotDecoderTests
{
    private static readonly OcrModelSpec Spec = new()
    {
        MaxPlateSlots = 4,
        Alphabet = "AB1_",
        PadChar = '_',
        ImageHeight = 64,
        ImageWidth = 128,
    };

    /// <summary>Builds slot probabilities from one dictionary per slot; unspecified classes share the rest.</summary>
    private static float[] Slots(params Dictionary<char, float>[] slots)
    {
        var p = new float[slots.Length * Spec.Alphabet.Length];
        for (int s = 0; s < slots.Length; s++)
        {
            float rest = 1f - slots[s].Values.Sum();
            int others = Spec.Alphabet.Length - slots[s].Count;
            for (int c = 0; c < Spec.Alphabet.Length; c++)
            {
                p[(s * Spec.Alphabet.Length) + c] = slots[s].TryGetValue(Spec.Alphabet[c], out float v) ? v : rest / others;
            }
        }

        return p;
    }

    [Fact]
    public void Decodes_argmax_per_slot_and_drops_padding()
    {
        var decoder = new SlotDecoder(Spec);
        float[] p = Slots(new() { ['A'] = 0.9f }, new() { ['1'] = 0.8f }, new() { ['_'] = 0.99f }, new() { ['_'] = 0.97f });

        DecodedPlate plate = decoder.Decode(p, 1);

        Assert.Equal("A1", plate.Text);
        Assert.Equal([0.9f, 0.8f], plate.CharConfidences);
        Assert.Equal(0.9f * 0.8f * 0.99f * 0.97f, plate.Confidence, 5);
        Assert.Equal(new PlateCandidate("A1", plate.Confidence), Assert.Single(plate.Candidates));
    }

    [Fact]
    public void Candidates_are_distinct_best_first_and_exact()
    {
        var decoder = new SlotDecoder(Spec);
        float[] p = Slots(
            new() { ['A'] = 0.6f, ['B'] = 0.3f },
            new() { ['1'] = 0.7f, ['B'] = 0.2f },
            new() { ['_'] = 0.9f, ['1'] = 0.05f },
            new() { ['_'] = 1f }
        );

        DecodedPlate plate = decoder.Decode(p, 3);

        Assert.Equal(["A1", "B1", "AB"], plate.Candidates.Select(c => c.Text));
        Assert.Equal(0.6f * 0.7f * 0.9f, plate.Candidates[0].Probability, 5);
        Assert.Equal(0.3f * 0.7f * 0.9f, plate.Candidates[1].Probability, 5);
        Assert.Equal(0.6f * 0.2f * 0.9f, plate.Candidates[2].Probability, 5);
        Assert.True(plate.Candidates.Zip(plate.Candidates.Skip(1)).All(pair => pair.First.Probability >= pair.Second.Probability));
    }

    [Fact]
    public void Readings_that_spell_the_same_text_are_merged()
    {
        var decoder = new SlotDecoder(Spec);
        // "A" can come from A___ or _A__ (padding placed differently): both spell "A".
        float[] p = Slots(new() { ['A'] = 0.5f, ['_'] = 0.5f }, new() { ['_'] = 0.5f, ['A'] = 0.5f }, new() { ['_'] = 1f }, new() { ['_'] = 1f });

        DecodedPlate plate = decoder.Decode(p, 5);

        PlateCandidate a = plate.Candidates.Single(c => c.Text == "A");
        Assert.Equal(0.5f, a.Probability, 5); // 0.25 (A_) + 0.25 (_A)
        Assert.Equal(plate.Candidates.Count, plate.Candidates.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public void Refuses_probabilities_of_the_wrong_length()
    {
        var decoder = new SlotDecoder(Spec);
        ArgumentException ex = Assert.Throws<ArgumentException>(() => decoder.Decode(new float[7], 1));
        Assert.Contains("4 slots x 4 classes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_spec_whose_pad_is_not_in_the_alphabet()
    {
        OcrModelSpec bad = Spec with { PadChar = '*' };
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new SlotDecoder(bad));
        Assert.Contains("pad_char '*' is not in the alphabet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_validation_lists_every_problem()
    {
        OcrModelSpec bad = Spec with { MaxPlateSlots = 0, Alphabet = "AAB", ImageWidth = 0, KeepAspectRatio = true };
        IReadOnlyList<string> problems = bad.Validate();
        Assert.Equal(4, problems.Count);
    }
}
