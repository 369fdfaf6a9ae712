namespace EdgeAlpr.Core.Recognition;

/// <summary>
/// Turns an OCR model's per-slot class probabilities into text, per-character confidences
/// and a best-first list of alternative readings.
/// </summary>
/// <remarks>
/// Slots are independent, so the k most probable slot sequences are found exactly by a beam
/// of width k over the slots. Several sequences can spell the same text (padding may sit in
/// different slots), so their probabilities are summed per text; the beam is kept wider than
/// the number of texts asked for so that merging still leaves enough distinct readings.
/// </remarks>
public sealed class SlotDecoder
{
    private const int BeamWidthPerCandidate = 4;

    private readonly OcrModelSpec _spec;
    private readonly int _classes;
    private readonly int _padIndex;

    public SlotDecoder(OcrModelSpec spec)
    {
        IReadOnlyList<string> problems = spec.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid OCR model spec: " + string.Join("; ", problems), nameof(spec));
        }

        _spec = spec;
        _classes = spec.Alphabet.Length;
        _padIndex = spec.PadIndex;
    }

    /// <summary>Number of floats one plate's probabilities take: slots × classes.</summary>
    public int PlateStride => _spec.MaxPlateSlots * _classes;

    /// <param name="probabilities">One plate's slot probabilities, slot-major (slots × classes).</param>
    /// <param name="maxCandidates">How many distinct readings to return, at least 1.</param>
    public DecodedPlate Decode(ReadOnlySpan<float> probabilities, int maxCandidates)
    {
        if (probabilities.Length != PlateStride)
        {
            throw new ArgumentException(
                $"expected {PlateStride} probabilities ({_spec.MaxPlateSlots} slots x {_classes} classes), got {probabilities.Length}",
                nameof(probabilities));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxCandidates, 1);

        int slots = _spec.MaxPlateSlots;
        Span<char> text = stackalloc char[slots];
        var charConfidences = new List<float>(slots);
        int length = 0;
        double probability = 1.0;
        for (int s = 0; s < slots; s++)
        {
            ReadOnlySpan<float> slot = probabilities.Slice(s * _classes, _classes);
            int best = ArgMax(slot);
            probability *= slot[best];
            if (best != _padIndex)
            {
                text[length++] = _spec.Alphabet[best];
                charConfidences.Add(slot[best]);
            }
        }

        string bestText = new(text[..length]);
        IReadOnlyList<PlateCandidate> candidates = maxCandidates == 1
            ? [new PlateCandidate(bestText, (float)probability)]
            : BestReadings(probabilities, maxCandidates);

        // Merging can lift a reading whose slots were not individually the most likely above the
        // argmax text; the argmax text stays the plate's text, its confidence the merged one.
        float confidence = (float)probability;
        foreach (PlateCandidate c in candidates)
        {
            if (c.Text == bestText)
            {
                confidence = c.Probability;
                break;
            }
        }

        return new DecodedPlate(bestText, confidence, charConfidences, candidates);
    }

    private List<PlateCandidate> BestReadings(ReadOnlySpan<float> probabilities, int maxCandidates)
    {
        int slots = _spec.MaxPlateSlots;
        int width = maxCandidates * BeamWidthPerCandidate;
        int perSlot = Math.Min(width, _classes);

        // Beam entries: class index per slot and the running probability.
        var beam = new List<(int[] Classes, double P)> { (new int[slots], 1.0) };
        var next = new List<(int[] Classes, double P)>(width * perSlot);
        Span<int> top = stackalloc int[perSlot];
        for (int s = 0; s < slots; s++)
        {
            ReadOnlySpan<float> slot = probabilities.Slice(s * _classes, _classes);
            TopK(slot, top);
            next.Clear();
            foreach ((int[] classes, double p) in beam)
            {
                foreach (int k in top)
                {
                    var extended = (int[])classes.Clone();
                    extended[s] = k;
                    next.Add((extended, p * slot[k]));
                }
            }

            next.Sort(static (a, b) => b.P.CompareTo(a.P));
            beam = next.GetRange(0, Math.Min(width, next.Count));
        }

        var merged = new Dictionary<string, double>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[slots];
        foreach ((int[] classes, double p) in beam)
        {
            int n = 0;
            foreach (int c in classes)
            {
                if (c != _padIndex)
                {
                    buffer[n++] = _spec.Alphabet[c];
                }
            }

            string key = new(buffer[..n]);
            merged[key] = merged.GetValueOrDefault(key) + p;
        }

        return merged
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxCandidates)
            .Select(kv => new PlateCandidate(kv.Key, (float)kv.Value))
            .ToList();
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Fills <paramref name="indices"/> with the indices of the largest values, largest first.</summary>
    private static void TopK(ReadOnlySpan<float> values, Span<int> indices)
    {
        int filled = 0;
        for (int i = 0; i < values.Length; i++)
        {
            int pos = filled < indices.Length ? filled++ : indices.Length;
            while (pos > 0 && values[indices[pos - 1]] < values[i])
            {
                if (pos < indices.Length)
                {
                    indices[pos] = indices[pos - 1];
                }

                pos--;
            }

            if (pos < indices.Length)
            {
                indices[pos] = i;
            }
        }
    }
}
