using System.Buffers;

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
                nameof(probabilities)
            );
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
            int best = Probabilities.ArgMax(slot);
            probability *= slot[best];
            if (best != _padIndex)
            {
                text[length++] = _spec.Alphabet[best];
                charConfidences.Add(slot[best]);
            }
        }

        string bestText = new(text[..length]);
        IReadOnlyList<PlateCandidate> candidates =
            maxCandidates == 1 ? [new PlateCandidate(bestText, (float)probability)] : BestReadings(probabilities, maxCandidates);

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

    /// <summary>
    /// Per-character probabilities of <paramref name="text"/>, read left-aligned from the
    /// slots (character i in slot i), for a text that is not the argmax one, e.g. after
    /// re-ranking. A character the alphabet lacks gets 0.
    /// </summary>
    public IReadOnlyList<float> CharConfidences(string text, ReadOnlySpan<float> probabilities)
    {
        var confidences = new float[Math.Min(text.Length, _spec.MaxPlateSlots)];
        for (int i = 0; i < confidences.Length; i++)
        {
            int c = _spec.Alphabet.IndexOf(text[i], StringComparison.Ordinal);
            confidences[i] = c < 0 ? 0f : probabilities[(i * _classes) + c];
        }

        return confidences;
    }

    private List<PlateCandidate> BestReadings(ReadOnlySpan<float> probabilities, int maxCandidates)
    {
        int slots = _spec.MaxPlateSlots;
        int width = maxCandidates * BeamWidthPerCandidate;
        int perSlot = Math.Min(width, _classes);
        int expansions = width * perSlot;

        // Each kept beam entry remembers its class and the entry it extends (parent pointers),
        // so no sequence is copied while the beam advances; texts are rebuilt at the end.
        int[] parents = ArrayPool<int>.Shared.Rent(slots * width);
        int[] classes = ArrayPool<int>.Shared.Rent(slots * width);
        double[] keys = ArrayPool<double>.Shared.Rent(expansions);
        int[] ids = ArrayPool<int>.Shared.Rent(expansions);
        try
        {
            Span<double> beamP = stackalloc double[width];
            Span<double> nextP = stackalloc double[width];
            Span<int> top = stackalloc int[perSlot];
            int count = 1;
            beamP[0] = 1.0;
            for (int s = 0; s < slots; s++)
            {
                ReadOnlySpan<float> slot = probabilities.Slice(s * _classes, _classes);
                TopK(slot, top);
                int n = 0;
                for (int j = 0; j < count; j++)
                {
                    for (int t = 0; t < perSlot; t++)
                    {
                        keys[n] = beamP[j] * slot[top[t]];
                        ids[n++] = (j * perSlot) + t;
                    }
                }

                // Ascending sort: the best entries end up last.
                keys.AsSpan(0, n).Sort(ids.AsSpan(0, n));
                int kept = Math.Min(width, n);
                for (int i = 0; i < kept; i++)
                {
                    int id = ids[n - 1 - i];
                    parents[(s * width) + i] = id / perSlot;
                    classes[(s * width) + i] = top[id % perSlot];
                    nextP[i] = keys[n - 1 - i];
                }

                nextP[..kept].CopyTo(beamP);
                count = kept;
            }

            // Sequences that spell the same text (padding in other slots) pool their probability.
            var merged = new List<(string Text, double P)>(count);
            Span<char> reversed = stackalloc char[slots];
            for (int i = 0; i < count; i++)
            {
                int length = 0;
                for (int s = slots - 1, entry = i; s >= 0; s--)
                {
                    int c = classes[(s * width) + entry];
                    if (c != _padIndex)
                    {
                        reversed[length++] = _spec.Alphabet[c];
                    }

                    entry = parents[(s * width) + entry];
                }

                Span<char> text = reversed[..length];
                text.Reverse();
                int found = -1;
                for (int m = 0; m < merged.Count && found < 0; m++)
                {
                    found = merged[m].Text.AsSpan().SequenceEqual(text) ? m : -1;
                }

                if (found >= 0)
                {
                    merged[found] = (merged[found].Text, merged[found].P + beamP[i]);
                }
                else
                {
                    merged.Add((new string(text), beamP[i]));
                }
            }

            merged.Sort(static (a, b) => b.P != a.P ? b.P.CompareTo(a.P) : string.CompareOrdinal(a.Text, b.Text));
            var candidates = new List<PlateCandidate>(Math.Min(maxCandidates, merged.Count));
            for (int i = 0; i < merged.Count && i < maxCandidates; i++)
            {
                candidates.Add(new PlateCandidate(merged[i].Text, (float)merged[i].P));
            }

            return candidates;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(parents);
            ArrayPool<int>.Shared.Return(classes);
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(ids);
        }
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
