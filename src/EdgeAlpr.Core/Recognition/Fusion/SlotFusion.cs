namespace EdgeAlpr.Core.Recognition.Fusion;

/// <summary>
/// Confidence-weighted per-character voting over several readings of one plate (other OCR
/// models, other crops), done softly: each slot's fused distribution is the weighted mean of
/// the readings' distributions for that slot, each reading weighted by its source weight and
/// by how sure it is of that slot. A reading that is unsure of one character thus yields
/// that character to the others without losing its say on the rest.
/// </summary>
/// <remarks>
/// fast-plate-ocr models fill slots from the left and pad at the end, so slot i means
/// character i in every model; a model with fewer slots votes "padding" for the ones it lacks.
/// All readings must share one alphabet.
/// </remarks>
public static class SlotFusion
{
    /// <param name="readings">The readings; each has <c>Slots × classes</c> probabilities.</param>
    /// <param name="slots">Slots of the fused result (the most any reading has).</param>
    /// <param name="classes">Alphabet size, padding included.</param>
    /// <param name="padIndex">Index of the padding class.</param>
    /// <param name="fused">Destination, <paramref name="slots"/> × <paramref name="classes"/>.</param>
    public static void Fuse(IReadOnlyList<SlotReading> readings, int slots, int classes, int padIndex, Span<float> fused)
    {
        if (readings.Count == 0)
        {
            throw new ArgumentException("nothing to fuse", nameof(readings));
        }

        if (fused.Length != slots * classes)
        {
            throw new ArgumentException($"destination holds {fused.Length} floats, needs {slots * classes}", nameof(fused));
        }

        fused.Clear();
        Span<float> total = stackalloc float[slots];
        total.Clear();
        foreach (SlotReading r in readings)
        {
            if (r.Slots > slots || r.Probabilities.Length != r.Slots * classes)
            {
                throw new ArgumentException(
                    $"a reading has {r.Probabilities.Length} probabilities for {r.Slots} slots; expected at most {slots} slots of {classes}",
                    nameof(readings)
                );
            }

            ReadOnlySpan<float> p = r.Probabilities.Span;
            for (int s = 0; s < slots; s++)
            {
                Span<float> target = fused.Slice(s * classes, classes);
                if (s >= r.Slots)
                {
                    target[padIndex] += r.Weight;
                    total[s] += r.Weight;
                    continue;
                }

                ReadOnlySpan<float> slot = p.Slice(s * classes, classes);
                float w = r.Weight * Max(slot);
                for (int c = 0; c < classes; c++)
                {
                    target[c] += w * slot[c];
                }

                total[s] += w;
            }
        }

        for (int s = 0; s < slots; s++)
        {
            Span<float> target = fused.Slice(s * classes, classes);
            if (total[s] <= 0f)
            {
                target[padIndex] = 1f;
                continue;
            }

            float inv = 1f / total[s];
            for (int c = 0; c < classes; c++)
            {
                target[c] *= inv;
            }
        }
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        float max = 0f;
        foreach (float v in values)
        {
            max = MathF.Max(max, v);
        }

        return max;
    }
}
