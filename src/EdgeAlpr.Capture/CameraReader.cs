using System.Threading.Channels;
using EdgeAlpr.Core.Capture;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Capture;

/// <summary>
/// Reads one camera on its own thread into a small queue, so capture never waits for
/// processing. For a live camera a full queue drops its oldest frame (counted in
/// <see cref="Dropped"/>) and a lost stream is reopened with exponential backoff and jitter;
/// a file or folder is read to its end with nothing dropped (processing sets the pace).
/// Every change of state is raised as a <see cref="CameraStatus"/>.
/// </summary>
public sealed partial class CameraReader
{
    private readonly IFrameSource _source;
    private readonly CameraReaderOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<CapturedFrame> _queue;
    private long _captured;
    private long _dropped;

    public CameraReader(string cameraId, IFrameSource source, CameraReaderOptions options, ILogger? logger = null)
    {
        CameraId = cameraId;
        _source = source;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var queue = new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            FullMode = source.IsLive ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        };
        _queue = Channel.CreateBounded<CapturedFrame>(queue, dropped =>
        {
            dropped.Dispose();
            Interlocked.Increment(ref _dropped);
        });
    }

    public string CameraId { get; }

    public ChannelReader<CapturedFrame> Frames => _queue.Reader;

    public long Captured => Interlocked.Read(ref _captured);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The last state reported.</summary>
    public CameraStatus? Status { get; private set; }

    public event Action<CameraStatus>? StatusChanged;

    /// <summary>
    /// Reads until the source ends, fails for good, or <paramref name="cancellationToken"/> fires; then completes
    /// <see cref="Frames"/>.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(_options.ReconnectInitial, _options.ReconnectMaximum);
        Report(CameraState.Connecting);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    _source.Open();
                }
                catch (CaptureException ex)
                {
                    if (!_source.IsLive || GaveUp(backoff))
                    {
                        Report(CameraState.Failed, ex.Message, backoff.Attempts);
                        return;
                    }

                    Wait(backoff, ex.Message, cancellationToken);
                    continue;
                }

                backoff.Reset();
                Report(CameraState.Connected);
                ReadUntilEnd(cancellationToken);
                if (!_source.IsLive)
                {
                    Report(CameraState.Ended);
                    return;
                }

                if (!cancellationToken.IsCancellationRequested)
                {
                    if (GaveUp(backoff))
                    {
                        Report(CameraState.Failed, "the stream was lost and did not come back", backoff.Attempts);
                        return;
                    }

                    Wait(backoff, _source.LossReason ?? "the stream was lost", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the queue is completed below.
        }
        finally
        {
            _source.Dispose();
            _queue.Writer.TryComplete();
        }
    }

    private void ReadUntilEnd(CancellationToken cancellationToken)
    {
        DateTimeOffset origin = DateTimeOffset.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = _source.Read();
            if (next is not { } frame)
            {
                return;
            }

            // Files carry their own timeline, so tracking does not depend on processing speed.
            DateTimeOffset at = _source.IsLive ? DateTimeOffset.UtcNow : origin + frame.StreamTime;
            var captured = new CapturedFrame(frame.Image, Interlocked.Increment(ref _captured) - 1, at);
            if (_source.IsLive)
            {
                _queue.Writer.TryWrite(captured);
            }
            else
            {
                try
                {
                    _queue.Writer.WriteAsync(captured, cancellationToken).AsTask().GetAwaiter().GetResult();
                }
                catch
                {
                    captured.Dispose();
                    throw;
                }
            }
        }
    }

    private bool GaveUp(ReconnectBackoff backoff) => _options.MaxReconnectAttempts > 0 && backoff.Attempts >= _options.MaxReconnectAttempts;

    private void Wait(ReconnectBackoff backoff, string reason, CancellationToken cancellationToken)
    {
        TimeSpan delay = backoff.Next();
        Report(CameraState.Reconnecting, $"{reason}; retrying in {delay.TotalSeconds:F1} s", backoff.Attempts);
        cancellationToken.WaitHandle.WaitOne(delay);
    }

    private void Report(CameraState state, string? reason = null, int attempt = 0)
    {
        var status = new CameraStatus(CameraId, state, DateTimeOffset.UtcNow, reason, attempt);
        Status = status;
        if (state is CameraState.Failed or CameraState.Reconnecting)
        {
            LogProblem(_logger, CameraId, _source.Description, state, reason ?? "");
        }
        else
        {
            LogState(_logger, CameraId, _source.Description, state);
        }

        StatusChanged?.Invoke(status);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera} ({Source}): {State}")]
    private static partial void LogState(ILogger logger, string camera, string source, CameraState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera} ({Source}): {State}: {Reason}")]
    private static partial void LogProblem(ILogger logger, string camera, string source, CameraState state, string reason);
}
