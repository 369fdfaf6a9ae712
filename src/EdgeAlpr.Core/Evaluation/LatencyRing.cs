namespace EdgeAlpr.Core.Evaluation;

/// <summary>
/// The latest timings in milliseconds, in a ring of fixed size: a long-running unit keeps no
/// growing list, and percentiles describe its recent behaviour. Thread-safe.
/// </summary>
public sealed class LatencyRing(int capacity = 4096)
{
    private readonly double[] _samples = new double[Math.Max(1, capacity)];
    private readonly Lock _gate = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples[_count % _samples.Length] = milliseconds;
            _count++;
        }
    }

    /// <summary>The kept samples (the latest ones, up to the ring's size).</summary>
    public double[] Snapshot()
    {
        lock (_gate)
        {
            int n = (int)Math.Min(_count, _samples.Length);
            return _samples.AsSpan(0, n).ToArray();
        }
    }

    /// <summary>The <paramref name="p"/>th percentile of the kept samples, rounded to 0.01 ms; null before the first.</summary>
    public double? Percentile(double p)
    {
        double[] kept = Snapshot();
        return kept.Length == 0 ? null : Math.Round(Evaluation.Percentile.Of(kept, p), 2);
    }
}
