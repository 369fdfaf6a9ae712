using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>What the read path has done since it started; read while it runs.</summary>
public sealed class ReadPathCounters
{
    private long _reads;
    private long _hits;
    private long _alerts;
    private long _suppressed;
    private long _storeFailures;
    private long _doubtfulKept;
    private readonly long[] _readsSuppressed = new long[Enum.GetValues<ReadDoubt>().Length];

    /// <summary>From a read leaving recognition to its alert on the panel and in the log.</summary>
    public LatencyRing AlertLatency { get; } = new(1024);

    /// <summary>From a read leaving recognition to the store's word that it is durable.</summary>
    public LatencyRing StoreLatency { get; } = new(1024);

    /// <summary>Reads kept: handed to the store (the agent) or written (<c>process</c>), doubtful ones a mandatory hit kept included.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Doubtful reads kept for a hit on a mandatory category (<see cref="DoubtfulReads"/>).</summary>
    public long DoubtfulReadsKept => Interlocked.Read(ref _doubtfulKept);

    /// <summary>Doubtful reads suppressed for this reason: not stored, forwarded or alerted.</summary>
    public long ReadsSuppressed(ReadDoubt reason) => Interlocked.Read(ref _readsSuppressed[(int)reason]);

    public WireSuppressedReads SuppressedReads() =>
        new(ReadsSuppressed(ReadDoubt.TooShort), ReadsSuppressed(ReadDoubt.ImplausibleBox), ReadsSuppressed(ReadDoubt.Unconfirmed));

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
            ReadsSuppressed = SuppressedReads(),
            DoubtfulReadsKept = DoubtfulReadsKept,
        };

    internal void Read() => Interlocked.Increment(ref _reads);

    internal void DoubtfulKept() => Interlocked.Increment(ref _doubtfulKept);

    internal void ReadSuppressed(ReadDoubt reason) => Interlocked.Increment(ref _readsSuppressed[(int)reason]);

    internal void Hit() => Interlocked.Increment(ref _hits);

    internal void Alerted() => Interlocked.Increment(ref _alerts);

    internal void Suppressed() => Interlocked.Increment(ref _suppressed);

    internal void StoreFailed() => Interlocked.Increment(ref _storeFailures);
}
