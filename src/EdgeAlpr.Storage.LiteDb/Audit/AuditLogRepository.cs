using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The hash-chained audit trail. Each event links to the one before (<see cref="AuditChain"/>);
/// the chain's head, its start after a retention purge and its last checkpoint are kept in the
/// meta collection. Other repositories record their events with <see cref="Append"/> inside their
/// own transaction, so an event commits with the change it describes, or not at all.
/// </summary>
internal sealed partial class AuditLogRepository(StoreSession session, OutboxRepository outbox) : IAuditLog
{
    // Meta documents of the chain: its last event, the last event retention removed, the last checkpoint.
    internal const string AuditHead = "audit_head";
    private const string AuditBase = "audit_base";
    private const string AuditLastCheckpoint = "audit_checkpoint";

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

        return session.Write(db => Append(db, action, subject, doc, actor));
    }

    /// <summary>
    /// Records an audit event in the caller's transaction, chained to the one before, and queues it for the
    /// platform; returns its sequence number.
    /// </summary>
    internal long Append(LiteDatabase db, string action, string? subject, BsonDocument details, string actor = "agent")
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        (long headSeq, string headHash) = Link(meta, AuditHead);
        DateTimeOffset now = session.Now;
        long seq = headSeq + 1;
        var doc = new BsonDocument
        {
            ["_id"] = seq,
            ["at"] = AuditChain.StoredTime(now),
            ["action"] = action,
            ["actor"] = actor,
            ["details"] = details,
            ["prev_hash"] = headHash,
            ["forwarded_at"] = BsonValue.Null,
        };
        if (subject is not null)
        {
            doc["subject"] = subject;
        }

        string hash = AuditChain.Hash(doc);
        doc["hash"] = hash;
        db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).Insert(doc);
        meta.Upsert(
            new BsonDocument
            {
                ["_id"] = AuditHead,
                ["seq"] = seq,
                ["hash"] = hash,
            }
        );
        outbox.Enqueue(db, OutboxKind.Audit, null, seq, now);
        return seq;
    }

    /// <summary>Events of the audit trail that match, oldest first: the last <see cref="AuditFilter.Limit"/> of them.</summary>
    public IReadOnlyList<StoredAuditEvent> QueryAudit(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Limit, 1);
        return session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> audit = db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64);
            var matches = new Queue<StoredAuditEvent>();

            // A time window is read through the index on the time, in time order; the sequence is what is shown.
            IEnumerable<BsonDocument> events =
                filter.From is null && filter.To is null
                    ? audit.Find(Query.All(Query.Ascending))
                    : audit
                        .Find(
                            Query.Between(
                                "at",
                                StoreDocuments.Utc(filter.From ?? DateTimeOffset.MinValue),
                                StoreDocuments.Utc(filter.To ?? DateTimeOffset.MaxValue)
                            )
                        )
                        .OrderBy(d => d["_id"].AsInt64);
            foreach (BsonDocument doc in events)
            {
                StoredAuditEvent e = StoreDocuments.ToStoredAuditEvent(doc);
                if (filter.Matches(e))
                {
                    matches.Enqueue(e);
                    if (matches.Count > filter.Limit)
                    {
                        matches.Dequeue();
                    }
                }
            }

            return matches.ToList();
        });
    }

    public StoredAuditEvent? FindAuditEvent(long id) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).FindById(id) is { } doc ? StoreDocuments.ToStoredAuditEvent(doc) : null
        );

    /// <summary>Audit events since a moment, oldest first, optionally of one action only.</summary>
    public IReadOnlyList<StoredAuditEvent> AuditSince(DateTimeOffset from, string? action = null) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64)
                .Find(Query.GTE("at", StoreDocuments.Utc(from)))
                .Where(d => action is null || d["action"].AsString == action)
                .Select(StoreDocuments.ToStoredAuditEvent)
                .ToList()
        );

    /// <summary>The audit trail, oldest first, optionally only one action.</summary>
    public IReadOnlyList<StoredAuditEvent> AuditTrail(string? action = null) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64)
                .Find(Query.All(Query.Ascending))
                .Where(d => action is null || d["action"].AsString == action)
                .Select(StoreDocuments.ToStoredAuditEvent)
                .ToList()
        );

    /// <summary>
    /// Records a checkpoint of the chain (the head's sequence and hash) as an event of its own,
    /// forwarded like every audit event; null when nothing was recorded since the last one.
    /// </summary>
    public AuditCheckpoint? CheckpointAudit(string actor = "agent") =>
        session.Write(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            (long headSeq, string headHash) = Link(meta, AuditHead);
            long lastCheckpoint = meta.FindById(AuditLastCheckpoint) is { } c ? c["seq"].AsInt64 : 0;
            if (headSeq == lastCheckpoint)
            {
                return null;
            }

            long since = headSeq - lastCheckpoint;
            long seq = Append(
                db,
                "audit_checkpoint",
                subject: null,
                new BsonDocument
                {
                    ["through_seq"] = headSeq,
                    ["through_hash"] = headHash,
                    ["events_since_last"] = since,
                },
                actor
            );
            meta.Upsert(new BsonDocument { ["_id"] = AuditLastCheckpoint, ["seq"] = seq });
            return new AuditCheckpoint(seq, headSeq, headHash, since);
        });

    /// <summary>
    /// Deletes the oldest audit events (<paramref name="ids"/>, ascending, from the chain's start), recording
    /// where the chain now starts.
    /// </summary>
    internal void RemoveAuditPrefix(LiteDatabase db, IReadOnlyList<BsonValue> ids, string actor)
    {
        ILiteCollection<BsonDocument> audit = db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64);
        long throughSeq = ids[^1].AsInt64;
        string throughHash = audit.FindById(throughSeq)["hash"].AsString;
        foreach (BsonValue id in ids)
        {
            audit.Delete(id);
        }

        db.GetCollection(StoreCollections.Meta)
            .Upsert(
                new BsonDocument
                {
                    ["_id"] = AuditBase,
                    ["seq"] = throughSeq,
                    ["hash"] = throughHash,
                }
            );
        Append(
            db,
            "audit_purged",
            subject: null,
            new BsonDocument
            {
                ["reason"] = "retention",
                ["ids"] = new BsonArray(ids),
                ["through_seq"] = throughSeq,
                ["through_hash"] = throughHash,
            },
            actor
        );
    }

    /// <summary>
    /// A store made before the chain existed: its events are linked in the order they were
    /// recorded, once, and that is itself audited.
    /// </summary>
    internal void ChainUnlinkedEvents(LiteDatabase db)
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        if (meta.FindById(AuditHead) is not null)
        {
            return;
        }

        ILiteCollection<BsonDocument> audit = db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64);
        string previous = AuditChain.Genesis;
        long seq = 0,
            linked = 0;
        foreach (BsonDocument doc in audit.Find(Query.All(Query.Ascending)).ToList())
        {
            doc["at"] = AuditChain.StoredTime(StoreDocuments.Time(doc["at"]));
            doc["prev_hash"] = previous;
            doc["hash"] = previous = AuditChain.Hash(doc);
            audit.Update(doc);
            seq = doc["_id"].AsInt64;
            linked++;
        }

        meta.Upsert(
            new BsonDocument
            {
                ["_id"] = AuditHead,
                ["seq"] = seq,
                ["hash"] = previous,
            }
        );
        if (linked > 0)
        {
            Append(db, "audit_chain_started", subject: null, new BsonDocument { ["linked_events"] = linked });
        }
    }

    private static (long Seq, string Hash) Link(ILiteCollection<BsonDocument> meta, string which) =>
        meta.FindById(which) is { } link ? (link["seq"].AsInt64, link["hash"].AsString) : (0, AuditChain.Genesis);
}
