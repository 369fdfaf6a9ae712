using System.Globalization;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// The platform sends a signed hot-list update: it is applied whole (signature, SHA-256 and
/// version order checked by the hot list) or refused whole, the list in use serving on; either
/// way the audit trail records it under "platform" with the payload's SHA-256. An audit failure
/// is logged and never undoes an applied update.
/// </summary>
public sealed class ApplyPlatformUpdate(IHotLists hotLists, IAuditLog audit, ILogger logger)
{
    public const string Actor = "platform";

    /// <summary>Applies the update that arrived on <paramref name="topic"/>; returns the outcome, or null when it was refused.</summary>
    public async Task<UpdateOutcome?> RunAsync(string topic, byte[] payload, string payloadSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            UpdateOutcome outcome = await hotLists.ApplyUpdateAsync(payload, cancellationToken).ConfigureAwait(false);
            Audit(
                "hotlist_update",
                outcome.Version.ToString(CultureInfo.InvariantCulture),
                new Dictionary<string, object?>
                {
                    ["kind"] = outcome.Kind,
                    ["version"] = outcome.Version,
                    ["entries"] = outcome.Entries,
                    ["added"] = outcome.Added,
                    ["removed"] = outcome.Removed,
                    ["signature"] = "verified",
                    ["topic"] = topic,
                    ["payload_sha256"] = payloadSha256,
                    ["retroactive_hits"] = outcome.RetroactiveHits.Count,
                }
            );
            return outcome;
        }
        catch (HotListImportException ex)
        {
            // The list in use keeps serving; the hot list has logged the refusal.
            Refused(topic, ex.Message, payload.Length, payloadSha256);
            return null;
        }
    }

    /// <summary>Records an update refused before it was read (too large, say).</summary>
    public void Refused(string topic, string reason, long bytes, string payloadSha256) =>
        Audit(
            "hotlist_update_refused",
            null,
            new Dictionary<string, object?>
            {
                ["reason"] = reason,
                ["topic"] = topic,
                ["bytes"] = bytes,
                ["payload_sha256"] = payloadSha256,
            }
        );

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
