using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    private bool _enqueued;
    private bool _enqueuedUrgent;

    /// <summary>
    /// Raised after a commit that queued something to forward; the argument is true when a hit or
    /// disposition was among it, so an uplink can take it ahead of the reads it is sending.
    /// </summary>
    public event Action<bool>? OutboxChanged;

    public StoredHit? FindHit(Guid id) =>
        ReadOnly(db => db.GetCollection(StoreCollections.Hits).FindById(id) is { } doc ? StoreDocuments.ToStoredHit(doc) : null);

    public StoredDisposition? FindDisposition(Guid id) =>
        ReadOnly(db => db.GetCollection(StoreCollections.Dispositions).FindById(id) is { } doc ? StoreDocuments.ToStoredDisposition(doc) : null);

    public StoredAuditEvent? FindAuditEvent(long id) =>
        ReadOnly(db => db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).FindById(id) is { } doc ? StoreDocuments.ToStoredAuditEvent(doc) : null);

    /// <summary>Audit events since a moment, oldest first, optionally of one action only.</summary>
    public IReadOnlyList<StoredAuditEvent> AuditSince(DateTimeOffset from, string? action = null) => ReadOnly(db => db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64)
        .Find(Query.GTE("at", StoreDocuments.Utc(from)))
        .Where(d => action is null || d["action"].AsString == action)
        .Select(StoreDocuments.ToStoredAuditEvent)
        .ToList());

    /// <summary>
    /// Records an event from outside the store (a refused platform command, a hot-list update
    /// that arrived over the uplink, …) in the audit trail; it is forwarded like every audit event.
    /// Detail values may be strings, numbers, booleans, ids, times or lists of strings.
    /// </summary>
    public void RecordAudit(string action, string? subject, IReadOnlyDictionary<string, object?> details, string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var doc = new BsonDocument();
        foreach ((string key, object? value) in details)
        {
            doc[key] = BsonJson.Value(value);
        }

        Write(db =>
        {
            Audit(db, action, subject, doc, actor);
            return 0;
        });
    }

    /// <summary>How much waits to be forwarded and since when (health reports).</summary>
    public OutboxBacklog Backlog() => ReadOnly(db =>
    {
        ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
        int items = outbox.Count();
        int urgent = outbox.Count(Query.LT("_id", 1L << LaneShift));
        DateTimeOffset? oldest = outbox.Find(Query.All("enqueued_at", Query.Ascending), limit: 1).Select(d => StoreDocuments.Time(d["enqueued_at"])).Cast<DateTimeOffset?>().FirstOrDefault();
        return new OutboxBacklog(items, urgent, oldest);
    });

    private void NoteEnqueued(long lane)
    {
        _enqueued = true;
        _enqueuedUrgent |= lane == 0;
    }

    /// <summary>Tells listeners what the last commit queued; called outside the store's lock.</summary>
    private void RaiseOutboxChanged((bool Any, bool Urgent) queued)
    {
        if (queued.Any)
        {
            OutboxChanged?.Invoke(queued.Urgent);
        }
    }

    private (bool Any, bool Urgent) TakeEnqueued()
    {
        (bool, bool) queued = (_enqueued, _enqueuedUrgent);
        _enqueued = _enqueuedUrgent = false;
        return queued;
    }
}
