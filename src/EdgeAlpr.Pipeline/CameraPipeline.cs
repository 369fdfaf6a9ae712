using System.Threading.Channels;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Capture;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Pipeline;

/// <summary>
/// The cameras as reads, the application's <see cref="IReadSource"/>: each camera captures on its
/// own thread into a small queue (a live camera drops its oldest frame rather than fall behind),
/// is recognised and tracked within the CPU budget all cameras share (one recognition engine),
/// and emits one read per vehicle pass into one queue for matching.
/// </summary>
public sealed class CameraPipeline : IReadSource, IDisposable
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(60);

    private readonly CameraPipelineOptions _options;
    private readonly Func<CancellationToken, Task<PlateRecognitionEngine>> _openEngine;
    private readonly ILocationSource? _location;
    private readonly ILoggerFactory _logs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<SourcedRead> _reads;
    private readonly Lock _progressGate = new();
    private int _disposed;
    private PlateRecognitionEngine? _engine;
    private SemaphoreSlim? _slots;
    private CameraFeed[] _feeds = [];
    private (DateTimeOffset At, long Processed) _progress;

    /// <param name="options">The cameras and the CPU they share.</param>
    /// <param name="openEngine">Loads the recognition engine the cameras share; the pipeline owns it.</param>
    /// <param name="location">Stamps each read (unless its camera has a fixed <see cref="CameraSettings.Location"/>); null: reads carry none.</param>
    /// <param name="logs">Loggers for the pipeline and each camera.</param>
    /// <param name="time">The clock for the stall check.</param>
    public CameraPipeline(
        CameraPipelineOptions options,
        Func<CancellationToken, Task<PlateRecognitionEngine>> openEngine,
        ILocationSource? location,
        ILoggerFactory logs,
        TimeProvider time
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logs);
        _options = options;
        _openEngine = openEngine;
        _location = location;
        _logs = logs;
        _logger = logs.CreateLogger<CameraPipeline>();
        _time = time;
        _reads = options.ReadQueue is { } capacity
            ? Channel.CreateBounded<SourcedRead>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true })
            : Channel.CreateUnbounded<SourcedRead>(new UnboundedChannelOptions { SingleReader = true });
    }

    public event Action<CameraStatus>? CameraChanged;

    /// <summary>The cameras, once opened: reader and processor with their counts.</summary>
    public IReadOnlyList<CameraFeed> Feeds => _feeds;

    public IReadOnlyList<string> CameraIds => [.. _feeds.Select(f => f.Id)];

    public int Waiting => _reads.Reader.Count;

    public bool Stalled
    {
        get
        {
            DateTimeOffset now = _time.GetUtcNow();
            long processed = _feeds.Sum(f => f.Processor.Stats.FramesProcessed);
            bool waiting = _feeds.Any(f => f.Reader.Frames.CanCount && f.Reader.Frames.Count > 0);
            lock (_progressGate)
            {
                if (processed != _progress.Processed || !waiting)
                {
                    _progress = (now, processed);
                    return false;
                }

                return now - _progress.At > StallAfter;
            }
        }
    }

    public IReadOnlyList<WireCamera> Cameras() => [.. _feeds.Select(f => f.Health())];

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _progress = (_time.GetUtcNow(), 0);
        _engine = await _openEngine(cancellationToken).ConfigureAwait(false);
        _slots = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
        var feeds = new List<CameraFeed>();
        foreach (CameraSettings camera in _options.Cameras)
        {
            IFrameSource source = FrameSources.Create(camera.Source, camera.Fps > 0 ? camera.Fps : 10, _engine.Pictures, _options.MaxPicturePixels);
            if (source is ImageFolderSource folder)
            {
                // A refused picture (cut short, undecodable, a decompression bomb) is never skipped silently.
                string id = camera.Id;
                folder.Skipped += _options.PictureSkipped is { } skipped
                    ? (file, why) => skipped(file, why)
                    : (file, why) => _logger.LogWarning("Camera {Camera}: skipped picture {File}: {Reason}", id, file, why);
            }

            var readerOptions = new CameraReaderOptions { MaxReconnectAttempts = camera.Retries };
            if (camera.QueueCapacity is { } queue)
            {
                readerOptions = readerOptions with { QueueCapacity = queue };
            }

            var reader = new CameraReader(camera.Id, source, readerOptions, _logs.CreateLogger<CameraReader>());
            reader.StatusChanged += s => CameraChanged?.Invoke(s);
            var processor = new StreamProcessor(
                _engine,
                new ProcessorOptions
                {
                    DeviceId = _options.DeviceId,
                    CameraId = camera.Id,
                    Direction = camera.Direction,
                    TargetFps = camera.Fps,
                    Zone = camera.Zone,
                    MinPlateWidth = camera.MinPlateWidth,
                    MotionGate = camera.MotionGate,
                    Location = camera.Location,
                    LocationSource = camera.Location is null && _location is not null ? _location.ForRead : null,
                    InferenceSlots = _slots,
                    Acceptance = _options.Acceptance,
                }
            );
            feeds.Add(new CameraFeed(reader, processor, _time));
        }

        // Published whole: health reports (the uplink's, already running) read it meanwhile.
        _feeds = [.. feeds];
    }

    public IAsyncEnumerable<SourcedRead> ReadAsync(CancellationToken stopCapture)
    {
        // Capture stops with the token; recognition runs on until what was captured is read, so
        // a vehicle already seen is never lost.
        CameraFeed[] feeds = _feeds;
        List<Task> captures = [.. feeds.Select(f => f.Reader.RunAsync(stopCapture))];
        List<Task> recognising = [.. feeds.Select(f => Task.Run(() => RecogniseAsync(f), CancellationToken.None))];
        Task allRecognised = Task.WhenAll(recognising)
            .ContinueWith(t => _reads.Writer.TryComplete(t.Exception), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return DrainAsync(captures, allRecognised);
    }

    public void Dispose()
    {
        // Idempotent: the host's container may reach it through more than one registration (its ports).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _engine?.Dispose();
        _slots?.Dispose();
    }

    private async IAsyncEnumerable<SourcedRead> DrainAsync(List<Task> captures, Task allRecognised)
    {
        await foreach (SourcedRead read in _reads.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            yield return read;
        }

        await Task.WhenAll(captures).ConfigureAwait(false);
        await allRecognised.ConfigureAwait(false);
    }

    private async Task RecogniseAsync(CameraFeed feed)
    {
        try
        {
            await foreach (PlateRead read in feed.Processor.RunAsync(feed.Reader.Frames, CancellationToken.None).ConfigureAwait(false))
            {
                await _reads.Writer.WriteAsync(new SourcedRead(read, _time.GetTimestamp()), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && _options.IsolateFailures)
        {
            // One camera's failure leaves the others reading.
            _logger.LogError(ex, "Camera {Camera}: recognition stopped: {Reason}", feed.Id, ex.Message);
        }
    }
}

public static class PipelineServices
{
    /// <summary>
    /// The cameras as the application's <see cref="IReadSource"/>, sharing one recognition engine
    /// loaded from the registered <see cref="RecognitionOptions"/> and <see cref="ModelFetcher"/>;
    /// reads are stamped by the registered <see cref="ILocationSource"/>, if any.
    /// </summary>
    public static IServiceCollection AddCameraPipeline(this IServiceCollection services, Func<IServiceProvider, CameraPipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new CameraPipeline(
            options(sp),
            ct =>
                PlateRecognitionEngine.CreateAsync(
                    sp.GetRequiredService<IOptions<RecognitionOptions>>().Value,
                    sp.GetRequiredService<ModelFetcher>(),
                    sp.GetRequiredService<IPictureOperations>(),
                    sp.GetRequiredService<ILogger<PlateRecognitionEngine>>(),
                    ct
                ),
            sp.GetService<ILocationSource>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        services.AddSingleton<IReadSource>(sp => sp.GetRequiredService<CameraPipeline>());
        return services;
    }
}
