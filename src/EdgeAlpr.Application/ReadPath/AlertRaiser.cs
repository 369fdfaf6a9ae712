using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// Turns a hit into an alert on the alert queue, unless the gate holds it back (cooldown, a
/// category that does not alert); matching never waits for it.
/// </summary>
public sealed class AlertRaiser(AlertPolicy policy, AlertQueue alerts, ReadPathCounters counters, ILogger<AlertRaiser> logger)
{
    private readonly AlertGate _gate = new(policy);

    /// <summary>Raises the alert for <paramref name="hit"/>, or records why not.</summary>
    /// <returns>True when the alert went on the queue.</returns>
    public bool Raise(Guid readId, string cameraId, HotListHit hit, Guid hitId, long readAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hit);
        // Asked each time: the platform's log_level command may raise it for a while.
        bool reveal = logger.IsEnabled(LogLevel.Debug);
        if (!_gate.ShouldAlert(hit, now, out string? suppressed))
        {
            counters.Suppressed();
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.HitWithoutAlert(
                    hitId,
                    HotListCategories.WireName(hit.Entry.Category),
                    suppressed?.Replace(hit.MatchedText, PlateMask.ForLog(hit.MatchedText, reveal), StringComparison.Ordinal)
                );
            }

            return false;
        }

        Alert alert = AlertComposer.Compose(hit, policy, hitId);
        if (!alerts.TryAdd(new RaisedAlert(alert, readId, cameraId, hit, hitId, readAt)))
        {
            if (logger.IsEnabled(LogLevel.Error))
            {
                logger.AlertNotRaised(alerts.Capacity, alert.Title, PlateMask.ForLog(hit.MatchedText, reveal), cameraId, hitId);
            }

            return false;
        }

        return true;
    }
}
