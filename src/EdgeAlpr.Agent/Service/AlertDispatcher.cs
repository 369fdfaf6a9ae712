using System.Diagnostics;
using EdgeAlpr.Alerts.Audio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Agent.Service;

/// <summary>
/// The alert stage: each alert is written to the log (the unit's screen and journal), lit on the
/// in-cab panel (LED, light bar, buzzer) when the unit has one, sounded and spoken, and recorded
/// in the audit trail. It runs apart from matching, so an eight-second announcement never holds
/// the next read back; a newer alert replaces the one on the panel.
/// </summary>
public sealed class AlertDispatcher(
    AlertQueue queue, InCabPanel panel, AudioOptions audio, EvidenceStore store, AgentCounters counters, ILogger<AlertDispatcher> logger) : BackgroundService
{
    private readonly AplayOutput _speaker = new(audio, logger);
    private readonly AlertSound _sound = new(audio, new EspeakVoice(audio, logger));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Runs until matching has ended (the queue completes), not merely until stop is asked:
        // an alert raised by the last frames is still shown, if no longer sounded.
        try
        {
            await foreach (RaisedAlert raised in queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await DispatchAsync(raised, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.MarkDrained();
        }
    }

    private async Task DispatchAsync(RaisedAlert raised, CancellationToken stoppingToken)
    {
        Alert alert = raised.Alert;
        counters.Alerted();
        bool reveal = logger.IsEnabled(LogLevel.Debug);
        logger.LogWarning(
            "ALERT {Level} {Title}: {Plate} {State} on {Camera}, {Kind} match (score {Score:F2}), hit {Hit}. {Verify}",
            alert.Level, alert.Title, PlateMask.ForLog(alert.Plate, reveal), alert.State ?? "", raised.CameraId, MatchKinds.WireName(raised.Hit.Kind), raised.Hit.Score, raised.HitId, Alert.Unverified);
        bool sounded = false;
        try
        {
            await panel.RaiseAsync(alert, stoppingToken).ConfigureAwait(false);
            counters.AlertLatency.Add(Stopwatch.GetElapsedTime(raised.ReadAt).TotalMilliseconds);
            if (!stoppingToken.IsCancellationRequested && await _sound.ComposeAsync(alert, stoppingToken).ConfigureAwait(false) is { } wav)
            {
                sounded = await _speaker.PlayAsync(wav, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the alert was logged and is recorded below; its sound is cut short.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogError(ex, "Alert for hit {Hit} could not be signalled on the in-cab outputs: {Reason}; it is logged, stored and forwarded", raised.HitId, ex.Message);
        }

        try
        {
            store.RecordAudit("alert_raised", raised.HitId.ToString(), new Dictionary<string, object?>
            {
                ["read_id"] = raised.ReadId.ToString(),
                ["camera_id"] = raised.CameraId,
                ["category"] = HotListCategories.WireName(alert.Category),
                ["level"] = alert.Level.ToString().ToLowerInvariant(),
                ["match_kind"] = MatchKinds.WireName(raised.Hit.Kind),
                ["sounded"] = sounded,
                ["panel"] = panel.Enabled,
                ["relay"] = alert.Relay,
            }, "agent");
        }
        catch (StoreException ex)
        {
            logger.LogError("Alert for hit {Hit} could not be audited: {Reason}", raised.HitId, ex.Message);
        }
    }
}
