using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    // Outbox ids order delivery: hits and dispositions (lane 0) before reads and audit events (lane 1), oldest first in each.
    private const int LaneShift = 52;
    private const long SequenceMask = (1L << LaneShift) - 1;

    /// <summary>
    /// What is due to be forwarded now, in delivery order: hits first, then oldest first;
    /// items in <paramref name="skip"/> (already on their way) are passed over.
    /// </summary>
    public IReadOnlyList<OutboxItem> PendingOutbox(int max, IReadOnlySet<long>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        DateTime now = StoreDocuments.Utc(Now);
        return ReadOnly(db => db.GetCollection(StoreCollections.Outbox)
            .Find(Query.All(Query.Ascending))
            .Where(d => skip is null || !skip.Contains(d["_id"].AsInt64))
            .Where(d => !d["next_attempt_at"].IsDateTime || d["next_attempt_at"].AsDateTime.ToUniversalTime() <= now)
            .Take(max)
            .Select(ToOutboxItem)
            .ToList());
    }

    /// <summary>Everything queued, due or waiting for its retry time, in delivery order.</summary>
    public IReadOnlyList<OutboxItem> OutboxItems(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return ReadOnly(db => db.GetCollection(StoreCollections.Outbox).Find(Query.All(Query.Ascending), limit: max).Select(ToOutboxItem).ToList());
    }

    /// <summary>The platform has these: they leave the outbox and their records become purgeable in time.</summary>
    public int MarkForwarded(IReadOnlyCollection<long> outboxIds)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        DateTime now = StoreDocuments.Utc(Now);
        return Write(db =>
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
    public void MarkFailed(long outboxId, string error, DateTimeOffset retryAt)
    {
        ArgumentNullException.ThrowIfNull(error);
        Write(db =>
        {
            ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
            if (outbox.FindById(outboxId) is not { } item)
            {
                return 0;
            }

            outbox.Delete(outboxId);
            item["_id"] = NextOutboxId(outboxId >> LaneShift);
            item["attempts"] = item["attempts"].AsInt32 + 1;
            item["last_error"] = error.Length > 500 ? error[..500] : error;
            item["last_attempt_at"] = StoreDocuments.Utc(Now);
            item["next_attempt_at"] = StoreDocuments.Utc(retryAt);
            outbox.Insert(item);
            return 1;
        });
    }

    private static string CollectionOf(OutboxKind kind) => kind switch
    {
        OutboxKind.Read => StoreCollections.Reads,
        OutboxKind.Hit => StoreCollections.Hits,
        OutboxKind.Disposition => StoreCollections.Dispositions,
        OutboxKind.Dissemination => StoreCollections.Disseminations,
        _ => StoreCollections.Audit,
    };

    private static OutboxKind KindOf(BsonDocument item) => Enum.Parse<OutboxKind>(item["kind"].AsString, ignoreCase: true);

    private static OutboxItem ToOutboxItem(BsonDocument d) => new(
        d["_id"].AsInt64,
        KindOf(d),
        d["ref"].IsGuid ? d["ref"].AsGuid : null,
        d["ref"].IsInt64 ? d["ref"].AsInt64 : null,
        StoreDocuments.Time(d["enqueued_at"]),
        d["attempts"].AsInt32,
        d["last_error"].IsString ? d["last_error"].AsString : null,
        StoreDocuments.OptionalTime(d["next_attempt_at"]));

    private void Enqueue(LiteDatabase db, OutboxKind kind, Guid? refId, long? refNumber, DateTimeOffset now)
    {
        long lane = kind is OutboxKind.Hit or OutboxKind.Disposition ? 0 : 1;
        NoteEnqueued(lane);
        db.GetCollection(StoreCollections.Outbox).Insert(new BsonDocument
        {
            ["_id"] = NextOutboxId(lane),
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["ref"] = refId is { } g ? new BsonValue(g) : new BsonValue(refNumber!.Value),
            ["enqueued_at"] = StoreDocuments.Utc(now),
            ["attempts"] = 0,
        });
    }

    private long NextOutboxId(long lane) => (lane << LaneShift) | (++_outboxSequence & SequenceMask);

    private static long LastOutboxSequence(LiteDatabase db)
    {
        ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
        long lastUrgent = outbox.Find(Query.LT("_id", 1L << LaneShift)).Select(d => d["_id"].AsInt64).DefaultIfEmpty(0).Max();
        long lastAny = outbox.Find(Query.All(Query.Descending), limit: 1).Select(d => d["_id"].AsInt64).FirstOrDefault();
        return Math.Max(lastUrgent & SequenceMask, lastAny & SequenceMask);
    }
}
