using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// What waits to be forwarded. Other repositories queue their records with <see cref="Enqueue"/>
/// inside their own transaction, so a record and its outbox entry commit together.
/// </summary>
internal sealed class OutboxRepository(StoreSession session) : IOutbox
{
    /// <summary>
    /// Raised after a commit that queued something to forward; the argument is true when a hit or
    /// disposition was among it, so an uplink can take it ahead of the reads it is sending.
    /// </summary>
    public event Action<bool>? OutboxChanged
    {
        add => session.OutboxChanged += value;
        remove => session.OutboxChanged -= value;
    }

    /// <summary>
    /// What is due to be forwarded now, in delivery order: hits first, then oldest first;
    /// items in <paramref name="skip"/> (already on their way) are passed over.
    /// </summary>
    public IReadOnlyList<OutboxItem> PendingOutbox(int max, IReadOnlySet<long>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        DateTime now = StoreDocuments.Utc(session.Now);
        return session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Outbox)
                .Find(Query.All(Query.Ascending))
                .Where(d => skip is null || !skip.Contains(d["_id"].AsInt64))
                .Where(d => !d["next_attempt_at"].IsDateTime || d["next_attempt_at"].AsDateTime.ToUniversalTime() <= now)
                .Take(max)
                .Select(ToOutboxItem)
                .ToList()
        );
    }

    /// <summary>Everything queued, due or waiting for its retry time, in delivery order.</summary>
    public IReadOnlyList<OutboxItem> OutboxItems(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Outbox).Find(Query.All(Query.Ascending), limit: max).Select(ToOutboxItem).ToList()
        );
    }

    /// <summary>The platform has these: they leave the outbox and their records become purgeable in time.</summary>
    public int MarkForwarded(IReadOnlyCollection<long> outboxIds)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        DateTime now = StoreDocuments.Utc(session.Now);
        return session.Write(db =>
        {
            ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
            int marked = 0;
            foreach (long id in outboxIds)
            {
                if (outbox.FindById(id) is not { } item)
                {
                    continue;
                }

                ILiteCollection<BsonDocument> target = db.GetCollection(CollectionOf(KindOf(item)));
                if (target.FindById(item["ref"]) is { } record)
                {
                    record["forwarded_at"] = now;
                    target.Update(record);
                }

                outbox.Delete(id);
                marked++;
            }

            return marked;
        });
    }

    /// <summary>A delivery failed: the item goes to the back of its lane, to be retried no sooner than <paramref name="retryAt"/>.</summary>
    public void MarkFailed(long outboxId, string reason, DateTimeOffset retryAt)
    {
        ArgumentNullException.ThrowIfNull(reason);
        session.Write(db =>
        {
            ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
            if (outbox.FindById(outboxId) is not { } item)
            {
                return 0;
            }

            outbox.Delete(outboxId);
            item["_id"] = session.NextOutboxId(OutboxLanes.LaneOf(outboxId));
            item["attempts"] = item["attempts"].AsInt32 + 1;
            item["last_error"] = reason.Length > 500 ? reason[..500] : reason;
            item["last_attempt_at"] = StoreDocuments.Utc(session.Now);
            item["next_attempt_at"] = StoreDocuments.Utc(retryAt);
            outbox.Insert(item);
            return 1;
        });
    }

    /// <summary>How much waits to be forwarded and since when (health reports).</summary>
    public OutboxBacklog Backlog() =>
        session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
            int items = outbox.Count();
            int urgent = outbox.Count(Query.LT("_id", OutboxLanes.FirstRoutineId));
            DateTimeOffset? oldest = outbox
                .Find(Query.All("enqueued_at", Query.Ascending), limit: 1)
                .Select(d => StoreDocuments.Time(d["enqueued_at"]))
                .Cast<DateTimeOffset?>()
                .FirstOrDefault();
            return new OutboxBacklog(items, urgent, oldest);
        });

    /// <summary>Queues a record in the caller's transaction; listeners hear of it once that commits.</summary>
    internal void Enqueue(LiteDatabase db, OutboxKind kind, Guid? refId, long? refNumber, DateTimeOffset now)
    {
        long lane = OutboxLanes.Of(kind);
        session.NoteEnqueued(lane);
        db.GetCollection(StoreCollections.Outbox)
            .Insert(
                new BsonDocument
                {
                    ["_id"] = session.NextOutboxId(lane),
                    ["kind"] = kind.ToString().ToLowerInvariant(),
                    ["ref"] = refId is { } g ? new BsonValue(g) : new BsonValue(refNumber!.Value),
                    ["enqueued_at"] = StoreDocuments.Utc(now),
                    ["attempts"] = 0,
                }
            );
    }

    /// <summary>The collection that holds the record an outbox item refers to.</summary>
    /// <summary>
    /// After a repair: every record the platform has not acknowledged and that has no outbox entry
    /// (lost with a damaged page) is queued again; returns how many. Audit events are not: the
    /// chain's checkpoints tell the platform what it is missing.
    /// </summary>
    internal int RequeueUnforwarded(LiteDatabase db)
    {
        ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
        var queued = outbox.FindAll().Select(i => i["ref"]).ToHashSet();
        int requeued = 0;
        DateTimeOffset now = session.Now;
        foreach (OutboxKind kind in new[] { OutboxKind.Hit, OutboxKind.Disposition, OutboxKind.Dissemination, OutboxKind.Read })
        {
            foreach (BsonDocument record in db.GetCollection(CollectionOf(kind)).FindAll().ToList())
            {
                if (!record["forwarded_at"].IsDateTime && !queued.Contains(record["_id"]) && record["_id"].IsGuid)
                {
                    Enqueue(db, kind, record["_id"].AsGuid, null, now);
                    requeued++;
                }
            }
        }

        return requeued;
    }

    internal static string CollectionOf(OutboxKind kind) =>
        kind switch
        {
            OutboxKind.Read => StoreCollections.Reads,
            OutboxKind.Hit => StoreCollections.Hits,
            OutboxKind.Disposition => StoreCollections.Dispositions,
            OutboxKind.Dissemination => StoreCollections.Disseminations,
            _ => StoreCollections.Audit,
        };

    internal static OutboxKind KindOf(BsonDocument item) => Enum.Parse<OutboxKind>(item["kind"].AsString, ignoreCase: true);

    private static OutboxItem ToOutboxItem(BsonDocument d) =>
        new(
            d["_id"].AsInt64,
            KindOf(d),
            d["ref"].IsGuid ? d["ref"].AsGuid : null,
            d["ref"].IsInt64 ? d["ref"].AsInt64 : null,
            StoreDocuments.Time(d["enqueued_at"]),
            d["attempts"].AsInt32,
            d["last_error"].IsString ? d["last_error"].AsString : null,
            StoreDocuments.OptionalTime(d["next_attempt_at"])
        );
}
