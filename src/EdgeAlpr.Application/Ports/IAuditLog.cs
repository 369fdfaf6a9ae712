using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The hash-chained audit trail: every action of a person, of the platform and of the agent,
/// with who did it; each event is forwarded, and the chain can be verified end to end.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Records an event; detail values may be strings, numbers, booleans, ids, times, or lists
    /// of strings (or of ids). <paramref name="actor"/> is who acted; empty only for a refused
    /// request whose requester gave no name. Returns the event's sequence number.
    /// </summary>
    long RecordAudit(string action, string? subject, IReadOnlyDictionary<string, object?> details, string actor);

    IReadOnlyList<StoredAuditEvent> QueryAudit(AuditFilter filter);

    /// <summary>Audit events since a moment, oldest first, optionally of one action only.</summary>
    IReadOnlyList<StoredAuditEvent> AuditSince(DateTimeOffset from, string? action = null);

    StoredAuditEvent? FindAuditEvent(long id);

    /// <summary>Every event, oldest first, optionally of one action (an exact name).</summary>
    IReadOnlyList<StoredAuditEvent> AuditTrail(string? action = null);

    /// <summary>Recomputes every link; <paramref name="expected"/> holds platform-held checkpoints (sequence → hash).</summary>
    AuditVerification VerifyAudit(IReadOnlyDictionary<long, string>? expected = null, CancellationToken cancellationToken = default);

    /// <summary>Records the chain's head as an event, when events were added since the last checkpoint.</summary>
    AuditCheckpoint? CheckpointAudit(string actor = "agent");

    /// <summary>Records the settings in use (secrets masked) when they differ from the last recorded; true if recorded.</summary>
    bool RecordSettings(IReadOnlyDictionary<string, string?> settings, string source, string actor);

    /// <summary>
    /// Records the hot list in use and the local entries added or removed since it was last recorded; <paramref name="change"/>,
    /// when a person's change is recorded at once, says why an entry was removed and for whom the person acted.
    /// </summary>
    /// <param name="version">The list's version.</param>
    /// <param name="createdAt">When the platform made it.</param>
    /// <param name="entries">The entries in use.</param>
    /// <param name="localEntries">The local entries in use.</param>
    /// <param name="actor">Who changed it: the signed-in person, or the agent catching up at its start.</param>
    /// <param name="change">The person's reason and on-behalf-of, recorded in the events of this change.</param>
    int RecordHotList(
        long version,
        DateTimeOffset? createdAt,
        int entries,
        IEnumerable<HotListEntry> localEntries,
        string actor,
        HotListChange? change = null
    );
}
