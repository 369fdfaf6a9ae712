using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// How outbox ids order delivery: the lane in the high bits, a sequence in the low ones, so
/// reading the collection by id gives hits and dispositions (lane 0) before reads, audit events
/// and dissemination records (lane 1), oldest first in each.
/// </summary>
internal static class OutboxLanes
{
    public const long Urgent = 0;
    public const long Routine = 1;

    private const int LaneShift = 52;
    private const long SequenceMask = (1L << LaneShift) - 1;

    /// <summary>The first id of the routine lane: every id below it is urgent.</summary>
    public const long FirstRoutineId = 1L << LaneShift;

    public static long Of(OutboxKind kind) => kind is OutboxKind.Hit or OutboxKind.Disposition ? Urgent : Routine;

    public static long LaneOf(long outboxId) => outboxId >> LaneShift;

    public static long Id(long lane, long sequence) => (lane << LaneShift) | (sequence & SequenceMask);

    /// <summary>The highest sequence in use in either lane, so ids stay unique across restarts.</summary>
    public static long LastSequence(LiteDatabase db)
    {
        ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
        long lastUrgent = outbox.Find(Query.LT("_id", FirstRoutineId)).Select(d => d["_id"].AsInt64).DefaultIfEmpty(0).Max();
        long lastAny = outbox.Find(Query.All(Query.Descending), limit: 1).Select(d => d["_id"].AsInt64).FirstOrDefault();
        return Math.Max(lastUrgent & SequenceMask, lastAny & SequenceMask);
    }
}
