using EdgeAlpr.Core.Evaluation;

namespace EdgeAlpr.Uplink.Delivery;

/// <summary>
/// Counters of the uplink and the latest publish-to-PUBACK times (a ring of fixed size, so a
/// long-running unit keeps no growing list).
/// </summary>
public sealed class UplinkStatistics(int latencySamples = 4096)
{
    private readonly LatencyRing _latencies = new(latencySamples);
    private long _delivered;
    private long _messages;
    private long _refused;
    private long _reconnects;
    private long _bytes;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Messages => Interlocked.Read(ref _messages);

    public long Refused => Interlocked.Read(ref _refused);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long BytesSent => Interlocked.Read(ref _bytes);

    public DateTimeOffset? ConnectedSince { get; internal set; }

    /// <summary>
    /// Items awaiting PUBACK at most on the current (or last) connection: the configured window or the broker's
    /// receive maximum, whichever is smaller.
    /// </summary>
    public int Window { get; internal set; }

    internal void Puback(double milliseconds, long bytes)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _bytes, bytes);
        _latencies.Add(milliseconds);
    }

    internal void ItemDelivered() => Interlocked.Increment(ref _delivered);

    internal void ItemRefused() => Interlocked.Increment(ref _refused);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    /// <summary>The kept publish-to-PUBACK times in milliseconds (the latest ones, up to the ring's size).</summary>
    public double[] Latencies() => _latencies.Snapshot();

    public double? LatencyPercentile(double p) => _latencies.Percentile(p);
}
