using System.Threading.Channels;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// The alert stage: each alert is written to the log (the unit's screen and journal), lit on the
/// in-cab panel (LED, light bar, buzzer) when the unit has one, and recorded in the audit trail
/// at once; its tone and announcement go to the speaker, which plays them one after another. A
/// newer alert of the same or a higher level cuts the one being played short, so an
/// eight-second announcement of a lesser hit never holds back the panel or the sound of the next.
/// </summary>
public sealed class AlertDispatcher(
    AlertQueue queue,
    IAlertPanel panel,
    IAlertSound sound,
    IAuditLog audit,
    ReadPathCounters counters,
    Shift shift,
    TimeProvider time,
    ILogger<AlertDispatcher> logger
) : BackgroundService
{
    private readonly Channel<Alert> _sounds = Channel.CreateBounded<Alert>(
        new BoundedChannelOptions(8)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        }
    );

    private readonly Lock _gate = new();
    private CancellationTokenSource? _playing;
    private AlertLevel _playingLevel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Runs until matching has ended (the queue completes), not merely until stop is asked:
        // an alert raised by the last frames is still shown, if no longer sounded.
        Task speaking = Task.Run(() => SpeakAsync(stoppingToken), CancellationToken.None);
        try
        {
            await foreach (RaisedAlert raised in queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await DispatchAsync(raised, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sounds.Writer.TryComplete();
            await speaking.ConfigureAwait(false);
            queue.MarkDrained();
        }
    }

    private async Task DispatchAsync(RaisedAlert raised, CancellationToken stoppingToken)
    {
        Alert alert = raised.Alert;
        counters.Alerted();
        bool reveal = logger.IsEnabled(LogLevel.Debug);
        if (logger.IsEnabled(LogLevel.Warning))
        {
            logger.AlertRaised(
                alert.Level,
                alert.Title,
                PlateMask.ForLog(alert.Plate, reveal),
                alert.State ?? "",
                raised.CameraId,
                MatchKinds.WireName(raised.Hit.Kind),
                raised.Hit.Score,
                raised.HitId,
                Alert.Unverified
            );
        }

        try
        {
            await panel.RaiseAsync(alert, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the alert was logged and is recorded below.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            logger.PanelFailed(ex, raised.HitId, ex.Message);
        }

        counters.AlertLatency.Add(time.GetElapsedTime(raised.ReadAt).TotalMilliseconds);
        if (alert.Audible || alert.Spoken)
        {
            lock (_gate)
            {
                if (_playing is not null && alert.Level >= _playingLevel)
                {
                    _playing.Cancel();
                }
            }

            _sounds.Writer.TryWrite(alert);
        }

        try
        {
            audit.RecordAudit(
                "alert_raised",
                raised.HitId.ToString(),
                new Dictionary<string, object?>
                {
                    ["read_id"] = raised.ReadId.ToString(),
                    ["camera_id"] = raised.CameraId,
                    ["category"] = HotListCategories.WireName(alert.Category),
                    ["level"] = alert.Level.ToString().ToLowerInvariant(),
                    ["match_kind"] = MatchKinds.WireName(raised.Hit.Kind),
                    ["audible"] = alert.Audible,
                    ["panel"] = panel.Enabled,
                    ["relay"] = alert.Relay,
                    // Who was signed on when it was raised: the officer who saw it, or nobody (null).
                    ["officer_on_shift"] = shift.Current?.Officer.Login,
                },
                "agent"
            );
        }
        catch (StoreException ex)
        {
            logger.AlertNotAudited(raised.HitId, ex.Message);
        }
    }

    private async Task SpeakAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (Alert alert in _sounds.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                using var playing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                lock (_gate)
                {
                    _playing = playing;
                    _playingLevel = alert.Level;
                }

                try
                {
                    await sound.PlayAsync(alert, playing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.SoundCutShort(alert.Title);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    logger.SoundFailed(ex, alert.Title, ex.Message);
                }
                finally
                {
                    lock (_gate)
                    {
                        _playing = null;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: sounds still queued are not played; their alerts were shown and audited.
        }
    }
}
