using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    /// <summary>
    /// Keeps hits found on reads made before their entry was listed (an AMBER alert issued ten
    /// minutes after the car passed): each becomes a hit of its read, queued for the platform
    /// ahead of routine traffic, and the read is now kept as long as a hit. A read already gone
    /// (purged) yields nothing. Returns the new hits' ids with their hits, durable on return.
    /// </summary>
    public IReadOnlyList<(Guid HitId, HotListHit Hit, string CameraId)> RecordRetroactiveHits(IReadOnlyList<HotListHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0)
        {
            return [];
        }

        return Write(db =>
        {
            DateTimeOffset now = Now;
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            ILiteCollection<BsonDocument> stored = db.GetCollection(StoreCollections.Hits);
            var recorded = new List<(Guid, HotListHit, string)>(hits.Count);
            foreach (HotListHit hit in hits)
            {
                if (hit.Retroactive is not { } past || reads.FindById(past.ReadId) is not { } read)
                {
                    continue;
                }

                Guid hitId = Guid.CreateVersion7(now);
                string camera = read["camera_id"].AsString;
                stored.Insert(StoreDocuments.Hit(hitId, past.ReadId, camera, hit, now));
                Enqueue(db, OutboxKind.Hit, hitId, null, now);
                read["hit_ids"].AsArray.Add(hitId);
                read["class"] = "serious";
                reads.Update(read);
                Audit(db, "retroactive_hit", hitId.ToString(), new BsonDocument
                {
                    ["read_id"] = past.ReadId,
                    ["category"] = HotListCategories.WireName(hit.Entry.Category),
                    ["minutes_before"] = Math.Round(past.Before.TotalMinutes, 1),
                });
                recorded.Add((hitId, hit, camera));
            }

            return recorded;
        });
    }
}
