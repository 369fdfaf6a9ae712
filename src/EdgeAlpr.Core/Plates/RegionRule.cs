using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Plates;

/// <summary>One region's rules: see <see cref="PlateRegionRules"/>.</summary>
public sealed class RegionRule
{
    private readonly Dictionary<char, char> _readAs;

    internal RegionRule(int minCharacters, Dictionary<char, char> readAs)
    {
        MinCharacters = minCharacters;
        _readAs = readAs;
    }

    internal static RegionRule None { get; } = new(1, []);

    /// <summary>The shortest plate the region issues.</summary>
    public int MinCharacters { get; }

    /// <summary>Character substitutions to what the region prints (e.g. O → 0).</summary>
    public IReadOnlyDictionary<char, char> ReadAs => _readAs;

    /// <summary>The text as the region prints it; the same instance when nothing changes.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_readAs.Count == 0 || text.AsSpan().IndexOfAny([.. _readAs.Keys]) < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, _readAs), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = state.text[i];
                span[i] = state._readAs.TryGetValue(c, out char to) ? to : c;
            }
        });
    }

    /// <summary>
    /// The candidates as the region prints them, best first: readings that become the same text
    /// are merged (their probabilities add up, being one plate in this region), then each reading
    /// that changed follows as it was recognised, so a plate that does break the rule (a vanity
    /// plate) still reaches the hot-list check. Unchanged when no rule applies.
    /// </summary>
    public IReadOnlyList<PlateCandidate> Apply(IReadOnlyList<PlateCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (_readAs.Count == 0 || candidates.All(c => ReferenceEquals(Apply(c.Text), c.Text)))
        {
            return candidates;
        }

        var merged = new List<PlateCandidate>(candidates.Count);
        var changed = new List<PlateCandidate>();
        foreach (PlateCandidate c in candidates)
        {
            string printed = Apply(c.Text);
            if (!ReferenceEquals(printed, c.Text))
            {
                changed.Add(c);
            }

            int at = merged.FindIndex(m => m.Text == printed);
            if (at >= 0)
            {
                merged[at] = merged[at] with { Probability = Math.Min(1f, merged[at].Probability + c.Probability) };
            }
            else
            {
                merged.Add(new PlateCandidate(printed, c.Probability));
            }
        }

        // Stable: equal probabilities keep the recognition's order.
        List<PlateCandidate> result = [.. merged.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Probability).ThenBy(x => x.i).Select(x => x.c)];
        result.AddRange(changed.Where(c => result.TrueForAll(r => r.Text != c.Text)));
        return result;
    }

    /// <summary>
    /// A whole reading as the region prints it: the text through <see cref="Apply(string)"/>, the
    /// candidates through <see cref="Apply(IReadOnlyList{PlateCandidate})"/> with the text moved to
    /// the front (the reading the recognition or the format prior chose stays the chosen one), the
    /// confidence the text's merged probability, and, at each position whose character stands for
    /// a look-alike too (0 for O), the slot's probability of either: that position is read right
    /// whichever of the two the model saw. The same instance when nothing changes.
    /// </summary>
    /// <param name="reading">The reading as recognised.</param>
    /// <param name="spec">Conventions of <paramref name="slots"/>.</param>
    /// <param name="slots">
    /// The slot probabilities the reading was decoded from (character i in slot i, as fast-plate-ocr
    /// models fill them), or empty when there are none; then each character keeps its confidence.
    /// </param>
    public DecodedPlate Apply(DecodedPlate reading, OcrModelSpec spec, ReadOnlySpan<float> slots)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(spec);
        string text = Apply(reading.Text);
        IReadOnlyList<PlateCandidate> printed = Apply(reading.Candidates);
        if (ReferenceEquals(text, reading.Text) && ReferenceEquals(printed, reading.Candidates))
        {
            return reading;
        }

        var candidates = printed.ToList();
        int at = candidates.FindIndex(c => c.Text == text);
        float confidence = reading.Confidence;
        if (at >= 0)
        {
            PlateCandidate chosen = candidates[at];
            confidence = chosen.Probability;
            candidates.RemoveAt(at);
            candidates.Insert(0, chosen);
        }

        return new DecodedPlate(text, confidence, CharConfidences(text, reading.CharConfidences, spec, slots), candidates);
    }

    private float[] CharConfidences(string text, IReadOnlyList<float> asRead, OcrModelSpec spec, ReadOnlySpan<float> slots)
    {
        var confidences = new float[text.Length];
        int classes = spec.Alphabet.Length;
        bool haveSlots = slots.Length == spec.MaxPlateSlots * classes;
        for (int i = 0; i < text.Length; i++)
        {
            confidences[i] = i < asRead.Count ? asRead[i] : 0f;
            if (!haveSlots || i >= spec.MaxPlateSlots || !_readAs.ContainsValue(text[i]))
            {
                continue;
            }

            ReadOnlySpan<float> slot = slots.Slice(i * classes, classes);
            float p = Probability(slot, spec.Alphabet, text[i]);
            foreach ((char from, char to) in _readAs)
            {
                p += to == text[i] ? Probability(slot, spec.Alphabet, from) : 0f;
            }

            confidences[i] = Math.Min(1f, p);
        }

        return confidences;
    }

    private static float Probability(ReadOnlySpan<float> slot, string alphabet, char c)
    {
        int index = alphabet.IndexOf(c, StringComparison.Ordinal);
        return index < 0 ? 0f : slot[index];
    }
}
