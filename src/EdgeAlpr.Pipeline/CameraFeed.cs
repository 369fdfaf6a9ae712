using EdgeAlpr.Capture;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Capture;

namespace EdgeAlpr.Pipeline;

/// <summary>
/// One camera of a <see cref="CameraPipeline"/>: its reader (capture thread and frame queue), its processor
/// (recognition and tracking) and its rates.
/// </summary>
public sealed class CameraFeed(CameraReader reader, StreamProcessor processor, TimeProvider time)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private (DateTimeOffset At, long Captured, long Processed) _mark = (time.GetUtcNow(), 0, 0);
    private (double Captured, double Processed) _rates;

    public CameraReader Reader { get; } = reader;

    public StreamProcessor Processor { get; } = processor;

    public string Id => Reader.CameraId;

    public WireCamera Health()
    {
        DateTimeOffset now = time.GetUtcNow();
        long captured = Reader.Captured,
            processed = Processor.Stats.FramesProcessed;
        (double Captured, double Processed) rates;
        lock (_gate)
        {
            // Rates over the last completed window of a few seconds, whoever asks and however often.
            double seconds = (now - _mark.At).TotalSeconds;
            if (seconds >= RateWindow.TotalSeconds)
            {
                _rates = ((captured - _mark.Captured) / seconds, (processed - _mark.Processed) / seconds);
                _mark = (now, captured, processed);
            }

            rates = _rates;
        }

        CameraStatus? status = Reader.Status;
        return new WireCamera(
            Id,
            status?.State.ToString().ToLowerInvariant() ?? "starting",
            status?.Reason,
            Math.Round(rates.Captured, 2),
            Math.Round(rates.Processed, 2),
            captured,
            Reader.Dropped,
            Processor.Stats.Reads,
            Reader.Frames.CanCount ? Reader.Frames.Count : 0
        );
    }
}
