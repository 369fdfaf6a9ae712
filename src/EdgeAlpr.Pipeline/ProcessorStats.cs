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

    public long FramesReceived => Interlocked.Read(ref _received);

    public long FramesProcessed => Interlocked.Read(ref _processed);

    public long SkippedByRate => Interlocked.Read(ref _skippedByRate);

    public long SkippedByMotion => Interlocked.Read(ref _skippedByMotion);

    public long Sightings => Interlocked.Read(ref _sightings);

    public long Reads => Interlocked.Read(ref _reads);

    internal void Received() => Interlocked.Increment(ref _received);

    internal void Processed() => Interlocked.Increment(ref _processed);

    internal void RateSkipped() => Interlocked.Increment(ref _skippedByRate);

    internal void MotionSkipped() => Interlocked.Increment(ref _skippedByMotion);

    internal void Sighted(int n) => Interlocked.Add(ref _sightings, n);

    internal void Read() => Interlocked.Increment(ref _reads);
}
