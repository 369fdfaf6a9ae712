namespace EdgeAlpr.Core.Recognition;

public static class Probabilities
{
    /// <summary>Index of the largest value (the first of equals).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
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
}
