using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Evaluation;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>What the read path has done since it started; read while it runs.</summary>
public sealed class ReadPathCounters
{
    private long _reads;
    private long _hits;
    private long _alerts;
    private long _suppressed;
    private long _storeFailures;

    /// <summary>From a read leaving recognition to its alert on the panel and in the log.</summary>
    public LatencyRing AlertLatency { get; } = new(1024);

    /// <summary>From a read leaving recognition to the store's word that it is durable.</summary>
    public LatencyRing StoreLatency { get; } = new(1024);

    public long Reads => Interlocked.Read(ref _reads);

    public long Hits => Interlocked.Read(ref _hits);

    public long Alerts => Interlocked.Read(ref _alerts);

    public long AlertsSuppressed => Interlocked.Read(ref _suppressed);

    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public WireAgentCounters ToWire() =>
        new(Reads, Hits, Alerts, AlertsSuppressed, StoreFailures)
        {
            AlertP50Ms = AlertLatency.Percentile(50),
            AlertMaxMs = AlertLatency.Percentile(100),
            StoreP50Ms = StoreLatency.Percentile(50),
            StoreP99Ms = StoreLatency.Percentile(99),
        };

    internal void Read() => Interlocked.Increment(ref _reads);

    internal void Hit() => Interlocked.Increment(ref _hits);

    internal void Alerted() => Interlocked.Increment(ref _alerts);

    internal void Suppressed() => Interlocked.Increment(ref _suppressed);

    internal void StoreFailed() => Interlocked.Increment(ref _storeFailures);
}
