using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Pipeline;

/// <summary>Counters of one camera's processing; read while it runs.</summary>
public sealed class ProcessorStats
{
    private long _received;
    private long _processed;
    private long _skippedByRate;
    private long _skippedByMotion;
    private long _sightings;
    private long _reads;
    private readonly long[] _doubtful = new long[Enum.GetValues<ReadDoubt>().Length];

    public long FramesReceived => Interlocked.Read(ref _received);

    public long FramesProcessed => Interlocked.Read(ref _processed);

    public long SkippedByRate => Interlocked.Read(ref _skippedByRate);

    public long SkippedByMotion => Interlocked.Read(ref _skippedByMotion);

    public long Sightings => Interlocked.Read(ref _sightings);

    /// <summary>Passes trusted to be reads.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Passes handed on as doubtful (the read path keeps one only for a mandatory hot-list hit).</summary>
    public long Doubtful => Enum.GetValues<ReadDoubt>().Sum(DoubtfulFor);

    /// <summary>Passes handed on as doubtful for this reason.</summary>
    public long DoubtfulFor(ReadDoubt reason) => Interlocked.Read(ref _doubtful[(int)reason]);

    internal void Received() => Interlocked.Increment(ref _received);

    internal void Processed() => Interlocked.Increment(ref _processed);

    internal void RateSkipped() => Interlocked.Increment(ref _skippedByRate);

    internal void MotionSkipped() => Interlocked.Increment(ref _skippedByMotion);

    internal void Sighted(int n) => Interlocked.Add(ref _sightings, n);

    internal void Passed(ReadDoubt? doubt)
    {
        if (doubt is { } reason)
        {
            Interlocked.Increment(ref _doubtful[(int)reason]);
        }
        else
        {
            Interlocked.Increment(ref _reads);
        }
    }
}
