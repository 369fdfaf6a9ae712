using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
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

    /// <summary>Hits, newest first, each with its latest disposition; with <paramref name="undecidedOnly"/>, only those nobody has accepted or rejected.</summary>
    public IReadOnlyList<HitSummary> ListHits(int max, bool undecidedOnly) => ReadOnly(db =>
    {
        ILiteCollection<BsonDocument> dispositions = db.GetCollection(StoreCollections.Dispositions);
        var list = new List<HitSummary>();
        foreach (BsonDocument hit in db.GetCollection(StoreCollections.Hits).Find(Query.All("created_at", Query.Descending)))
        {
            StoredDisposition? latest = dispositions.Find(Query.EQ("hit_id", hit["_id"]))
                .Select(StoreDocuments.ToStoredDisposition)
                .MaxBy(d => d.DecidedAt);
            if (undecidedOnly && latest is not null)
            {
                continue;
            }

            list.Add(new HitSummary(StoreDocuments.ToStoredHit(hit), latest));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    });

    /// <summary>Hits whose id starts with <paramref name="prefix"/> (hex digits and dashes, at least 8), so an officer need not type the whole id; <see cref="FormatException"/> for anything else.</summary>
    public IReadOnlyList<StoredHit> FindHitsByPrefix(string prefix)
    {
        string wanted = prefix.Trim().ToLowerInvariant();
        if (Guid.TryParse(wanted, out Guid exact))
        {
            return FindHit(exact) is { } hit ? [hit] : [];
        }

        if (wanted.Length < 8 || !wanted.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            throw new FormatException($"'{prefix}' is not a hit id or the first 8 or more characters of one");
        }

        return ReadOnly(db => db.GetCollection(StoreCollections.Hits).FindAll()
            .Where(d => d["_id"].AsGuid.ToString().StartsWith(wanted, StringComparison.Ordinal))
            .Select(StoreDocuments.ToStoredHit)
            .ToList());
    }

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
    public long RecordAudit(string action, string? subject, IReadOnlyDictionary<string, object?> details, string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(details);
        // Empty only for a refusal whose requester gave no name: the refusal is still recorded.
        ArgumentNullException.ThrowIfNull(actor);
        var doc = new BsonDocument();
        foreach ((string key, object? value) in details)
        {
            doc[key] = BsonJson.Value(value);
        }

        return Write(db => Audit(db, action, subject, doc, actor));
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
