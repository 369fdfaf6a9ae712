using System.Globalization;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// The platform sends a signed hot-list update: it is applied whole (signature, SHA-256 and
/// version order checked by the hot list) or refused whole, the list in use serving on. An
/// applied update is audited on its own (<c>hotlist_update</c>) under "platform" with the
/// payload's SHA-256; a refused one is counted by <see cref="RefusedMessages"/> (per topic and
/// reason, one event a minute at most beyond the first), since anyone who can publish on the
/// topic can send refusals by the thousand. An audit failure is logged and never undoes an
/// applied update.
/// </summary>
public sealed class ApplyPlatformUpdate(IHotLists hotLists, IAuditLog audit, RefusedMessages refusals, ILogger logger)
{
    public const string Actor = "platform";

    /// <summary>Applies the update that arrived on <paramref name="topic"/>; returns the outcome, or null when it was refused.</summary>
    public async Task<UpdateOutcome?> RunAsync(string topic, byte[] payload, string payloadSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return await RunAsync(topic, () => hotLists.ApplyUpdateAsync(payload, cancellationToken), payload.Length, payloadSha256)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Applies an update received a piece at a time (<see cref="IHotLists.Receive"/>) and completed; returns the outcome,
    /// or null when it was refused. The update is disposed either way.
    /// </summary>
    public async Task<UpdateOutcome?> RunAsync(string topic, IncomingUpdate update, string payloadSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return await RunAsync(topic, () => hotLists.ApplyUpdateAsync(update, cancellationToken), update.Length, payloadSha256).ConfigureAwait(false);
    }

    private async Task<UpdateOutcome?> RunAsync(string topic, Func<Task<UpdateOutcome>> apply, long bytes, string payloadSha256)
    {
        try
        {
            UpdateOutcome outcome = await apply().ConfigureAwait(false);
            Audit(
                "hotlist_update",
                outcome.Version.ToString(CultureInfo.InvariantCulture),
                outcome.UpdateAuditDetails(new("topic", topic), payloadSha256)
            );
            return outcome;
        }
        catch (HotListImportException ex)
        {
            // The list in use keeps serving; the hot list has logged the refusal.
            Refused(topic, ex.Code, ex.Message, bytes, payloadSha256);
            return null;
        }
    }

    /// <summary>
    /// Counts an update refused, also one refused before it was read (too large, say); <paramref name="reason"/> is a
    /// <see cref="HotListRefusal"/> code.
    /// </summary>
    public void Refused(string topic, string reason, string message, long bytes, string payloadSha256) =>
        refusals.Record(new RefusedMessage(topic, reason, message, bytes, payloadSha256));

    private void Audit(string action, string? subject, Dictionary<string, object?> details)
    {
        try
        {
            audit.RecordAudit(action, subject, details, Actor);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not audit {Action}", action);
        }
    }
}
