using System.Diagnostics;
using System.Threading.Channels;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Capture;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.HotLists;
using EdgeAlpr.Location;
using EdgeAlpr.Models;
using EdgeAlpr.Pipeline;
using EdgeAlpr.Recognition;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Agent.Service;

/// <summary>
/// The agent's read path, as independent stages joined by bounded queues: each camera captures
/// on its own thread (a live camera drops its oldest frame rather than fall behind), recognises
/// and tracks within the shared CPU budget, and emits one read per vehicle pass; matching takes
/// each read against the hot list in use, raises alerts at once (before anything is written),
/// then hands the read and its hits to the store, which makes them durable and queues them for
/// the platform. A slow disk or a dead link therefore never holds an alert back. On shutdown
/// capture stops first; frames already captured are finished, open passes closed into reads,
/// and every read is durable before the stage ends.
/// </summary>
public sealed class ReadPipeline : BackgroundService
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(60);

    private readonly AgentOptions _options;
    private readonly RecognitionOptions _recognition;
    private readonly ModelFetcher _models;
    private readonly HotListService _hotList;
    private readonly AlertPolicy _alertPolicy;
    private readonly EvidenceStore _store;
    private readonly UnitLocation _location;
    private readonly AlertQueue _alerts;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _logs;
    private readonly ILogger _logger;
    private readonly string _deviceId;
    private readonly bool _forwards;
    private readonly string? _state;
    private readonly Channel<(PlateRead Read, long At)> _reads;
    private readonly SemaphoreSlim _storeWindow;
    private readonly AlertGate _gate;
    private readonly Lock _progressGate = new();
    private CameraFeed[] _feeds = [];
    private SemaphoreSlim? _slots;
    private readonly CancellationTokenSource _stopGps = new();
    private PlateRecognitionEngine? _engine;
    private Task _gps = Task.CompletedTask;
    private (DateTimeOffset At, long Processed) _progress;

    public ReadPipeline(
        AgentOptions options, AgentIdentity identity, RecognitionOptions recognition, ModelFetcher models, HotListService hotList, AlertPolicy alertPolicy,
        EvidenceStore store, UnitLocation location, AlertQueue alerts, AgentCounters counters, IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory logs)
    {
        _options = options;
        _deviceId = identity.DeviceId;
        _forwards = identity.Uplink;
        _recognition = recognition;
        _models = models;
        _hotList = hotList;
        _alertPolicy = alertPolicy;
        _store = store;
        _location = location;
        _alerts = alerts;
        Counters = counters;
        _lifetime = lifetime;
        _time = time;
        _logs = logs;
        _logger = logs.CreateLogger<ReadPipeline>();
        _state = string.IsNullOrWhiteSpace(options.State) ? null : PlateText.Normalize(options.State);
        _reads = Channel.CreateBounded<(PlateRead, long)>(new BoundedChannelOptions(options.ReadQueue) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _storeWindow = new SemaphoreSlim(options.StoreWindow, options.StoreWindow);
        _gate = new AlertGate(alertPolicy);
    }

    public AgentCounters Counters { get; }

    /// <summary>Set once the models are loaded, the hot list is in memory and every camera is started.</summary>
    public bool Ready { get; private set; }

    /// <summary>True while frames wait and none has been recognised for a minute: the service is stuck and the watchdog should restart it.</summary>
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

    public WireQueues Queues() => new(_reads.Reader.Count, _alerts.Count, _options.StoreWindow - _storeWindow.CurrentCount);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Everything that can fail for a reason an administrator must fix fails here, before the
        // service reports itself ready: models, the kept hot list, the camera sources.
        _progress = (_time.GetUtcNow(), 0);
        if (_location.Receiver is { } receiver)
        {
            // First, so the first reads have a fix by the time the models are loaded.
            _gps = receiver.RunAsync(_stopGps.Token);
        }

        try
        {
            _engine = await PlateRecognitionEngine.CreateAsync(_recognition, _models, _logs.CreateLogger<PlateRecognitionEngine>(), cancellationToken).ConfigureAwait(false);
            _hotList.History = _store.Reads;
            _hotList.RetroactiveHitsFound += PastReadsHit;
            await _hotList.LoadAsync(cancellationToken).ConfigureAwait(false);
            _slots = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
            var feeds = new List<CameraFeed>();
            foreach (CameraOptions camera in _options.Cameras)
            {
                IFrameSource source = FrameSources.Create(camera.Source, camera.Fps > 0 ? camera.Fps : 10);
                var reader = new CameraReader(
                    camera.Id, source, new CameraReaderOptions { MaxReconnectAttempts = camera.Retries, QueueCapacity = camera.QueueCapacity }, _logs.CreateLogger<CameraReader>());
                reader.StatusChanged += s => CameraChanged(s);
                var processor = new StreamProcessor(_engine, new ProcessorOptions
                {
                    DeviceId = _deviceId,
                    CameraId = camera.Id,
                    Direction = camera.Direction,
                    TargetFps = camera.Fps,
                    Zone = string.IsNullOrWhiteSpace(camera.Zone) ? null : DetectionZone.Parse(camera.Zone),
                    MinPlateWidth = camera.MinPlateWidth,
                    MotionGate = camera.MotionGate,
                    LocationSource = _location.ForRead,
                    InferenceSlots = _slots,
                });
                feeds.Add(new CameraFeed(reader, processor, _time));
            }

            // Published whole: health reports (the uplink's, already running) read it meanwhile.
            _feeds = [.. feeds];
        }
        catch
        {
            await StopGpsAsync().ConfigureAwait(false);
            throw;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        Ready = true;
        _logger.LogInformation(
            "Agent {Device} running: {Cameras} cameras ({Names}), hot list version {Version}, state {State}",
            _deviceId, _feeds.Length, string.Join(", ", _feeds.Select(f => f.Id)), _hotList.Current.Version, _state ?? "any");
    }

    public override void Dispose()
    {
        _hotList.RetroactiveHitsFound -= PastReadsHit;
        _engine?.Dispose();
        _storeWindow.Dispose();
        _slots?.Dispose();
        _stopGps.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Capture stops with the service; recognition and matching run on until what was
        // captured is read, so a vehicle already seen is never lost.
        List<Task> captures = [.. _feeds.Select(f => f.Reader.RunAsync(stoppingToken))];
        List<Task> recognising = [.. _feeds.Select(f => Task.Run(() => RecogniseAsync(f), CancellationToken.None))];
        Task matching = Task.Run(MatchAsync, CancellationToken.None);
        Task allRecognised = Task.WhenAll(recognising).ContinueWith(t => _reads.Writer.TryComplete(t.Exception), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        await Task.WhenAll(captures).ConfigureAwait(false);
        await allRecognised.ConfigureAwait(false);
        await matching.ConfigureAwait(false);

        // Every read handed to the store is durable (or reported lost) before the stage ends.
        for (int i = 0; i < _options.StoreWindow; i++)
        {
            await _storeWindow.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _storeWindow.Release(_options.StoreWindow);
        _alerts.Complete();
        await StopGpsAsync().ConfigureAwait(false);
        _logger.LogInformation("Read path stopped: {Reads} reads, {Hits} hits, {Alerts} alerts", Counters.Reads, Counters.Hits, Counters.Alerts);
        if (!stoppingToken.IsCancellationRequested && _options.StopWhenCamerasEnd)
        {
            // The last alerts are audited, and so queued for the platform, only once dispatched.
            await _alerts.Drained.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (_forwards)
            {
                await WaitForOutboxAsync(stoppingToken).ConfigureAwait(false);
            }

            _lifetime.StopApplication();
        }
    }

    private async Task RecogniseAsync(CameraFeed feed)
    {
        try
        {
            await foreach (PlateRead read in feed.Processor.RunAsync(feed.Reader.Frames, CancellationToken.None).ConfigureAwait(false))
            {
                await _reads.Writer.WriteAsync((read, Stopwatch.GetTimestamp()), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One camera's failure leaves the others reading.
            _logger.LogError(ex, "Camera {Camera}: recognition stopped: {Reason}", feed.Id, ex.Message);
        }
    }

    private async Task MatchAsync()
    {
        await foreach ((PlateRead read, long readAt) in _reads.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // Asked each time: the platform's log_level command may raise it for a while.
            bool reveal = _logger.IsEnabled(LogLevel.Debug);
            Counters.Read();
            DateTimeOffset now = _time.GetUtcNow();
            // The snapshot in use now; an update swapping in meanwhile applies to the next read.
            List<HotListHit> hits = _hotList.Current.Hits(read.Candidates, _state, now);
            var hitIds = new Guid[hits.Count];
            for (int i = 0; i < hits.Count; i++)
            {
                hitIds[i] = Guid.CreateVersion7(now);
                Counters.Hit();
                Raise(read.Id, read.CameraId, hits[i], hitIds[i], readAt, now, reveal);
            }

            _logger.LogDebug("Read {Read} on {Camera}: {Plate} ({Confidence:F2}), {Hits} hits", read.Id, read.CameraId, PlateMask.ForLog(read.Plate, reveal), read.Confidence, hits.Count);
            await _storeWindow.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            Task<StoredReceipt> stored;
            try
            {
                stored = _store.Reads.StoreAsync(new ReadSubmission(read, hits) { State = _state, HitIds = hitIds }, CancellationToken.None);
            }
            catch (StoreException ex)
            {
                _storeWindow.Release();
                Counters.StoreFailed();
                _logger.LogCritical("Read {Read} could not be handed to the store: {Reason}", read.Id, ex.Message);
                continue;
            }

            _ = stored.ContinueWith(Stored, (read.Id, readAt), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Raise(Guid readId, string cameraId, HotListHit hit, Guid hitId, long readAt, DateTimeOffset now, bool reveal)
    {
        if (!_gate.ShouldAlert(hit, now, out string? suppressed))
        {
            Counters.Suppressed();
            _logger.LogInformation(
                "Hit {Hit} ({Category}) recorded without an alert: {Reason}",
                hitId, HotListCategories.WireName(hit.Entry.Category), suppressed?.Replace(hit.MatchedText, PlateMask.ForLog(hit.MatchedText, reveal), StringComparison.Ordinal));
            return;
        }

        Alert alert = AlertComposer.Compose(hit, _alertPolicy, hitId);
        if (!_alerts.TryAdd(new RaisedAlert(alert, readId, cameraId, hit, hitId, readAt)))
        {
            _logger.LogError(
                "ALERT not raised (alert queue of {Count} full, or the agent stopping): {Title} for {Plate} on {Camera} (hit {Hit}); it is stored and forwarded",
                _options.AlertQueue, alert.Title, PlateMask.ForLog(hit.MatchedText, reveal), cameraId, hitId);
        }
    }

    /// <summary>
    /// A new entry (an AMBER alert issued minutes after the car passed) matched reads already
    /// kept: the hits are stored with those reads, forwarded first, and alerted like any other,
    /// the alert saying how long ago the car was seen.
    /// </summary>
    private void PastReadsHit(IReadOnlyList<HotListHit> hits)
    {
        long at = Stopwatch.GetTimestamp();
        DateTimeOffset now = _time.GetUtcNow();
        bool reveal = _logger.IsEnabled(LogLevel.Debug);
        try
        {
            foreach ((Guid hitId, HotListHit hit, string camera) in _store.Reads.RecordRetroactiveHits(hits))
            {
                Counters.Hit();
                Raise(hit.Retroactive!.ReadId, camera, hit, hitId, at, now, reveal);
            }
        }
        catch (StoreException ex)
        {
            _logger.LogCritical("{Count} hits on past reads could not be stored: {Reason}; they are in the log above", hits.Count, ex.Message);
        }
    }

    private void Stored(Task<StoredReceipt> task, object? state)
    {
        _storeWindow.Release();
        (Guid readId, long readAt) = ((Guid, long))state!;
        if (task.IsCompletedSuccessfully)
        {
            Counters.StoreLatency.Add(Stopwatch.GetElapsedTime(readAt).TotalMilliseconds);
            return;
        }

        // The store held the read while it could; it gave up (disk full past its backlog, closed).
        Counters.StoreFailed();
        _logger.LogCritical("Read {Read} was not stored: {Reason}", readId, task.Exception?.GetBaseException().Message ?? "cancelled");
    }

    private void CameraChanged(CameraStatus status)
    {
        if (status.State is CameraState.Failed)
        {
            _logger.LogError("Camera {Camera} failed: {Reason}", status.CameraId, status.Reason);
        }
        else if (status.State is CameraState.Ended && !_options.StopWhenCamerasEnd)
        {
            _logger.LogWarning("Camera {Camera} ended (a file or folder source); the agent keeps running", status.CameraId);
        }
    }

    private async Task WaitForOutboxAsync(CancellationToken stoppingToken)
    {
        // A recording played through the agent is done when the platform has everything, or
        // when the platform has had long enough: the rest stays queued in the store.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        patience.CancelAfter(_options.DrainTimeout);
        try
        {
            while (_store.Outbox.Backlog().Items > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, patience.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning("The platform has not taken {Items} queued items within {Timeout}; they stay in the store for the next run", _store.Outbox.Backlog().Items, _options.DrainTimeout);
            }
        }
    }

    private async Task StopGpsAsync()
    {
        await _stopGps.CancelAsync().ConfigureAwait(false);
        try
        {
            await _gps.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The receiver stops with the read path.
        }
    }
}
