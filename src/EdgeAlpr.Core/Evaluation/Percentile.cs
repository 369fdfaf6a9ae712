namespace EdgeAlpr.Core.Evaluation;

public static class Percentile
{
    /// <summary>
    /// The p-th percentile (0–100) by linear interpolation between closest ranks, the
    /// convention of numpy's default, so figures compare with common tooling. NaN when empty.
    /// </summary>
    public static double Of(IReadOnlyCollection<double> values, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values];
        Array.Sort(sorted);
        double rank = p / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
