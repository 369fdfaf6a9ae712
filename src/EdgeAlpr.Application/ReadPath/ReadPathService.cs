using EdgeAlpr.Application.Ports;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Plates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

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
public sealed class ReadPathService(
    ReadFlow path,
    ReadRecorder recorder,
    IHotLists hotLists,
    IReadStore store,
    IOutbox outbox,
    AlertQueue alerts,
    ReadPathOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ReadPathService> logger
) : BackgroundService
{
    private bool _subscribed;

    public ReadPathCounters Counters => path.Matcher.Counters;

    /// <summary>Set once the models are loaded, the hot list is in memory and every camera is started.</summary>
    public bool Ready { get; private set; }

    /// <summary>Set while the agent stays up after its recordings ended (<see cref="ReadPathOptions.LingerAfterCamerasEnd"/>): until when.</summary>
    public DateTimeOffset? LingeringUntil { get; private set; }

    /// <summary>True while frames wait and none has been recognised for a minute: the service is stuck and the watchdog should restart it.</summary>
    public bool Stalled => path.Source.Stalled;

    public IReadOnlyList<WireCamera> Cameras() => path.Source.Cameras();

    public WireQueues Queues() => new(path.Source.Waiting, alerts.Count, recorder.InFlight);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Everything that can fail for a reason an administrator must fix fails here, before the
        // service reports itself ready: models, the kept hot list, the camera sources.
        await path.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            hotLists.History = store;
            hotLists.RetroactiveHitsFound += recorder.PastReadsHit;
            _subscribed = true;
            await hotLists.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await path.CloseAsync().ConfigureAwait(false);
            throw;
        }

        path.Source.CameraChanged += CameraChanged;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        Ready = true;
        logger.LogInformation(
            "Agent {Device} running: {Cameras} cameras ({Names}), hot list version {Version}, state {State}",
            options.DeviceId,
            path.Source.CameraIds.Count,
            string.Join(", ", path.Source.CameraIds),
            hotLists.Current.Version,
            options.State ?? "any"
        );
    }

    public override void Dispose()
    {
        if (_subscribed)
        {
            hotLists.RetroactiveHitsFound -= recorder.PastReadsHit;
        }

        path.Source.CameraChanged -= CameraChanged;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Capture stops with the service; recognition and matching run on until what was
        // captured is read, so a vehicle already seen is never lost.
        await Task.Run(() => path.RunAsync(RecordAsync, stoppingToken), CancellationToken.None).ConfigureAwait(false);

        // Every read handed to the store is durable (or reported lost) before the stage ends.
        await recorder.FlushAsync().ConfigureAwait(false);
        alerts.Complete();
        await path.CloseAsync().ConfigureAwait(false);
        logger.LogInformation("Read path stopped: {Reads} reads, {Hits} hits, {Alerts} alerts", Counters.Reads, Counters.Hits, Counters.Alerts);
        if (!stoppingToken.IsCancellationRequested && options.StopWhenCamerasEnd)
        {
            // The last alerts are audited, and so queued for the platform, only once dispatched.
            await alerts.Drained.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (options.Forwards)
            {
                await WaitForOutboxAsync(stoppingToken).ConfigureAwait(false);
            }

            if (options.LingerAfterCamerasEnd > TimeSpan.Zero && !await LingerAsync(stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            lifetime.StopApplication();
        }
    }

    private Task RecordAsync(MatchedRead matched)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.ReadMatched(
                matched.Read.Id,
                matched.Read.CameraId,
                PlateMask.ForLog(matched.Read.Plate, logger.IsEnabled(LogLevel.Debug)),
                matched.Read.Confidence,
                matched.Hits.Count
            );
        }

        return recorder.RecordAsync(matched);
    }

    private void CameraChanged(CameraStatus status)
    {
        if (status.State is CameraState.Failed)
        {
            logger.LogError("Camera {Camera} failed: {Reason}", status.CameraId, status.Reason);
        }
        else if (status.State is CameraState.Ended && !options.StopWhenCamerasEnd)
        {
            logger.LogWarning("Camera {Camera} ended (a file or folder source); the agent keeps running", status.CameraId);
        }
    }

    /// <summary>Stays up for the linger; false when the agent was stopped meanwhile (Ctrl-C), so it is not stopped twice.</summary>
    private async Task<bool> LingerAsync(CancellationToken stoppingToken)
    {
        LingeringUntil = time.GetUtcNow() + options.LingerAfterCamerasEnd;
        logger.LogInformation("The cameras have ended; the agent stays up until {Until:u} ({Linger})", LingeringUntil, options.LingerAfterCamerasEnd);
        try
        {
            await Task.Delay(options.LingerAfterCamerasEnd, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WaitForOutboxAsync(CancellationToken stoppingToken)
    {
        // A recording played through the agent is done when the platform has everything, or
        // when the platform has had long enough: the rest stays queued in the store.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        patience.CancelAfter(options.DrainTimeout);
        try
        {
            while (outbox.Backlog().Items > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, patience.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(
                    "The platform has not taken {Items} queued items within {Timeout}; they stay in the store for the next run",
                    outbox.Backlog().Items,
                    options.DrainTimeout
                );
            }
        }
    }
}
