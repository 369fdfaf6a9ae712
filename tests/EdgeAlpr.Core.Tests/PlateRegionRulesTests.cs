using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tests;

public class PlateRegionRulesTests
{
    private const string Table = """
        {
          "default": { "min_characters": 3 },
          "regions": {
            "United States": { "min_characters": 2, "read_as": { "O": "0" } },
            "Netherlands": { "min_characters": 6 }
          }
        }
        """;

    /// <summary>Alphabet with both look-alikes and padding; four slots.</summary>
    private static readonly OcrModelSpec Spec = new()
    {
        MaxPlateSlots = 4,
        Alphabet = "0OAB1_",
        PadChar = '_',
        ImageHeight = 64,
        ImageWidth = 128,
    };

    private static RegionRule Us => PlateRegionRules.Parse(Table).For(new RegionGuess("United States", 0.99f));

    [Fact]
    public void The_built_in_table_prints_o_as_zero_in_the_united_states_and_leaves_i_as_read()
    {
        RegionRule us = PlateRegionRules.BuiltIn.For(new RegionGuess("United States", 0.9998f));

        Assert.Equal("HL0KTY1", us.Apply("HLOKTY1"));
        Assert.Equal("627WWI", us.Apply("627WWI"));
        Assert.Equal(2, us.MinCharacters);
        Assert.Contains("Netherlands", PlateRegionRules.BuiltIn.Regions);
        Assert.Empty(PlateRegionRules.BuiltIn.Default.ReadAs);
    }

    [Fact]
    public void An_unsure_unknown_or_missing_region_gets_the_default_rule()
    {
        PlateRegionRules rules = PlateRegionRules.Parse(Table);

        Assert.Same(rules.Default, rules.For(null));
        Assert.Same(rules.Default, rules.For(new RegionGuess("United States", 0.49f)));
        Assert.Same(rules.Default, rules.For(new RegionGuess("Atlantis", 1f)));
        Assert.NotSame(rules.Default, rules.For(new RegionGuess("United States", 0.5f)));
        Assert.Equal("HLOKTY1", rules.For(new RegionGuess("United States", 0.3f)).Apply("HLOKTY1"));
        Assert.Equal(3, rules.Default.MinCharacters);
    }

    [Fact]
    public void A_region_without_its_own_minimum_takes_the_default_one()
    {
        const string table = """{ "default": { "min_characters": 4 }, "regions": { "France": { "read_as": { "I": "1" } } } }""";

        RegionRule france = PlateRegionRules.Parse(table).For(new RegionGuess("France", 1f));

        Assert.Equal(4, france.MinCharacters);
        Assert.Equal("1B1", france.Apply("IB1"));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "must be an object with a 'default' rule")]
    [InlineData("""{ "regions": {} }""", "must be an object with a 'default' rule")]
    [InlineData("""{ "default": 3 }""", "default: a rule must be an object")]
    [InlineData("""{ "default": {}, "regions": [] }""", "'regions' must be an object")]
    [InlineData("""{ "default": { "min_characters": 0 } }""", "default: min_characters must be a whole number from 1 to")]
    [InlineData("""{ "default": {}, "regions": { "Spain": { "min_characters": "six" } } }""", "Spain: min_characters must be a whole number")]
    [InlineData("""{ "default": {}, "regions": { "Spain": { "read_as": ["O", "0"] } } }""", "Spain: read_as must be an object")]
    [InlineData("""{ "default": {}, "regions": { "Spain": { "read_as": { "O": "00" } } } }""", "Spain: read_as 'O' must map one plate character")]
    [InlineData("""{ "default": {}, "regions": { "Spain": { "read_as": { "o": "0" } } } }""", "Spain: read_as 'o' must map one plate character")]
    [InlineData("""{ "default": {}, "regions": { "Spain": { "read_as": { "O": "O" } } } }""", "Spain: read_as 'O' must map one plate character")]
    public void A_bad_table_is_refused_naming_the_problem(string json, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => PlateRegionRules.Parse(json));

        Assert.StartsWith("plate region rules: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_table_is_named_at_once()
    {
        const string table = """
            { "default": { "min_characters": 99 }, "regions": { "A": { "read_as": { "O": 0 } }, "B": { "min_characters": -1 } } }
            """;

        var ex = Assert.Throws<FormatException>(() => PlateRegionRules.Parse(table));

        Assert.Contains("default: min_characters", ex.Message, StringComparison.Ordinal);
        Assert.Contains("A: read_as 'O'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("B: min_characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_replacements_is_refused()
    {
        const string table = """{ "default": {}, "regions": { "X": { "read_as": { "O": "0", "0": "D" } } } }""";

        var ex = Assert.Throws<FormatException>(() => PlateRegionRules.Parse(table));

        Assert.Contains("X: read_as must not chain", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.1f)]
    [InlineData(float.NaN)]
    public void A_region_confidence_outside_zero_to_one_is_refused(float confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlateRegionRules.Parse(Table, confidence));
    }

    [Fact]
    public void Text_is_rewritten_only_where_the_rule_says_and_is_the_same_instance_otherwise()
    {
        const string untouched = "AB1";

        Assert.Equal("0B00", Us.Apply("OBO0"));
        Assert.Same(untouched, Us.Apply(untouched));
        Assert.Same(untouched, PlateRegionRules.Parse(Table).Default.Apply(untouched));
        Assert.Equal("", Us.Apply(""));
    }

    [Fact]
    public void Candidates_that_print_alike_merge_and_the_readings_as_recognised_follow()
    {
        PlateCandidate[] read = [new("ABO", 0.4f), new("AB8", 0.35f), new("AB0", 0.2f), new("OBO", 0.05f)];

        IReadOnlyList<PlateCandidate> printed = Us.Apply(read);

        Assert.Equal(["AB0", "AB8", "0B0", "ABO", "OBO"], printed.Select(c => c.Text));
        Assert.Equal(0.6f, printed[0].Probability, 5);
        Assert.Equal(0.35f, printed[1].Probability, 5);
        Assert.Equal(0.05f, printed[2].Probability, 5);
        Assert.Equal(0.4f, printed[3].Probability, 5);
        Assert.Equal(0.05f, printed[4].Probability, 5);
    }

    [Fact]
    public void Candidates_no_rule_touches_are_returned_as_they_are()
    {
        PlateCandidate[] read = [new("AB1", 0.9f), new("AB8", 0.1f)];

        Assert.Same(read, Us.Apply(read));
        Assert.Same(read, PlateRegionRules.Parse(Table).Default.Apply(read));
    }

    [Fact]
    public void Equal_merged_probabilities_keep_the_recognition_order()
    {
        PlateCandidate[] read = [new("BO", 0.3f), new("A1", 0.3f)];

        Assert.Equal(["B0", "A1", "BO"], Us.Apply(read).Select(c => c.Text));
    }

    [Fact]
    public void A_reading_keeps_its_choice_takes_its_merged_probability_and_both_look_alikes_at_a_rewritten_position()
    {
        // Slots: A (0.9), O 0.5 / 0 0.3 / B 0.2, B (0.8), padding.
        float[] slots = Slots(
            new() { ['A'] = 0.9f },
            new()
            {
                ['O'] = 0.5f,
                ['0'] = 0.3f,
                ['B'] = 0.2f,
            },
            new() { ['B'] = 0.8f },
            new() { ['_'] = 1f }
        );
        var reading = new DecodedPlate("AOB", 0.36f, [0.9f, 0.5f, 0.8f], [new("AOB", 0.36f), new("A0B", 0.216f), new("ABB", 0.144f)]);

        DecodedPlate printed = Us.Apply(reading, Spec, slots);

        Assert.Equal("A0B", printed.Text);
        Assert.Equal(0.576f, printed.Confidence, 5);
        Assert.Equal([0.9f, 0.8f, 0.8f], printed.CharConfidences.Select(c => MathF.Round(c, 5)));
        Assert.Equal(["A0B", "ABB", "AOB"], printed.Candidates.Select(c => c.Text));
        Assert.Equal(printed.Confidence, printed.Candidates[0].Probability);
    }

    [Fact]
    public void The_chosen_reading_stays_first_even_when_another_merges_to_more()
    {
        // The format prior (or the argmax) chose "A1B"; "AOO" and "A0O" print alike and together outweigh it.
        var reading = new DecodedPlate("A1B", 0.4f, [0.9f, 0.6f, 0.7f], [new("A1B", 0.4f), new("AOO", 0.3f), new("A0O", 0.25f)]);

        DecodedPlate printed = Us.Apply(reading, Spec, []);

        Assert.Equal("A1B", printed.Text);
        Assert.Equal(0.4f, printed.Confidence);
        Assert.Equal(["A1B", "A00", "AOO", "A0O"], printed.Candidates.Select(c => c.Text));
        Assert.Equal([0.9f, 0.6f, 0.7f], printed.CharConfidences);
    }

    [Fact]
    public void Without_slot_probabilities_each_character_keeps_its_confidence()
    {
        var reading = new DecodedPlate("OB", 0.5f, [0.6f, 0.9f], [new("OB", 0.5f)]);

        DecodedPlate printed = Us.Apply(reading, Spec, []);

        Assert.Equal("0B", printed.Text);
        Assert.Equal([0.6f, 0.9f], printed.CharConfidences);
        Assert.Equal(["0B", "OB"], printed.Candidates.Select(c => c.Text));
        Assert.Equal(0.5f, printed.Confidence);
    }

    [Fact]
    public void A_reading_no_rule_touches_is_the_same_instance()
    {
        var reading = new DecodedPlate("AB1", 0.5f, [0.9f, 0.8f, 0.7f], [new("AB1", 0.5f)]);

        Assert.Same(reading, Us.Apply(reading, Spec, []));
        Assert.Same(reading, PlateRegionRules.BuiltIn.Default.Apply(reading, Spec, []));
    }

    /// <summary>Builds slot probabilities from one dictionary per slot; unspecified classes share the rest.</summary>
    private static float[] Slots(params Dictionary<char, float>[] slots)
    {
        int classes = Spec.Alphabet.Length;
        var p = new float[slots.Length * classes];
        for (int s = 0; s < slots.Length; s++)
        {
            float rest = 1f - slots[s].Values.Sum();
            int others = classes - slots[s].Count;
            for (int c = 0; c < classes; c++)
            {
                p[(s * classes) + c] = slots[s].TryGetValue(Spec.Alphabet[c], out float v) ? v : rest / others;
            }
        }

        return p;
    }
}
