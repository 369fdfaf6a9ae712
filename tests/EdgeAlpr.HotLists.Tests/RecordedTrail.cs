using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>
/// An audit trail that keeps what the use case records: its events, and each bringing-up-to-date of the hot list with
/// who and why (the store turns those into <c>hotlist_local_added</c>/<c>_removed</c>; tested in the console's tests).
/// </summary>
internal sealed class RecordedTrail : IAuditLog
{
    public List<(string Action, string? Subject, IReadOnlyDictionary<string, object?> Details, string Actor)> Events { get; } = [];

    public List<(string Actor, HotListChange? Change, List<HotListEntry> Local)> HotListRecords { get; } = [];

    public long RecordAudit(string action, string? subject, IReadOnlyDictionary<string, object?> details, string actor)
    {
        Events.Add((action, subject, details, actor));
        return Events.Count;
    }

    public int RecordHotList(
        long version,
        DateTimeOffset? createdAt,
        int entries,
        IEnumerable<HotListEntry> localEntries,
        string actor,
        HotListChange? change = null
    )
    {
        HotListRecords.Add((actor, change, [.. localEntries]));
        return 1;
    }

    public IReadOnlyList<StoredAuditEvent> QueryAudit(AuditFilter filter) => throw new NotSupportedException();

    public IReadOnlyList<StoredAuditEvent> AuditSince(DateTimeOffset from, string? action = null) => throw new NotSupportedException();

    public StoredAuditEvent? FindAuditEvent(long id) => throw new NotSupportedException();

    public IReadOnlyList<StoredAuditEvent> AuditTrail(string? action = null) => throw new NotSupportedException();

    public AuditVerification VerifyAudit(IReadOnlyDictionary<long, string>? expected = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public AuditCheckpoint? CheckpointAudit(string actor = "agent") => throw new NotSupportedException();

    public bool RecordSettings(IReadOnlyDictionary<string, string?> settings, string source, string actor) => throw new NotSupportedException();
}
