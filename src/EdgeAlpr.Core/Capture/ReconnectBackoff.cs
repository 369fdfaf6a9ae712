namespace EdgeAlpr.Core.Capture;

/// <summary>
/// Delays between attempts to reopen a lost stream: doubling from <see cref="Initial"/> up to
/// <see cref="Maximum"/>, each randomised by ±<see cref="Jitter"/> so that cameras that lost
/// the same network do not all knock again in the same instant.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan maximum, double jitter = 0.2, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _attempt;

    public TimeSpan Initial { get; } = initial > TimeSpan.Zero ? initial : throw new ArgumentOutOfRangeException(nameof(initial));

    public TimeSpan Maximum { get; } = maximum >= initial ? maximum : throw new ArgumentOutOfRangeException(nameof(maximum));

    public double Jitter { get; } = jitter is >= 0 and < 1 ? jitter : throw new ArgumentOutOfRangeException(nameof(jitter));

    /// <summary>Attempts made since the last success.</summary>
    public int Attempts => _attempt;

    public TimeSpan Next()
    {
        double baseMs = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        double factor = 1 + (Jitter * ((_random.NextDouble() * 2) - 1));
        return TimeSpan.FromMilliseconds(baseMs * factor);
    }

    public void Reset() => _attempt = 0;
}
