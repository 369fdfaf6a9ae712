using EdgeAlpr.Core.Retention;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>The reads the quota may give up, as <see cref="QuotaPlanner"/> takes them: routine, forwarded, oldest first.</summary>
internal static class QuotaReads
{
    /// <summary>Enough of the oldest forwarded routine reads to free <paramref name="over"/> bytes, with what each would free.</summary>
    public static List<QuotaCandidate> Candidates(LiteDatabase db, long over)
    {
        // Nothing else may go.
        var candidates = new List<QuotaCandidate>();
        long enough = 0;
        foreach (BsonDocument read in db.GetCollection(StoreCollections.Reads).Find(Query.All("captured_at", Query.Ascending)))
        {
            if (enough >= over)
            {
                break;
            }

            if (StoreDocuments.ClassOf(read) != RetentionClass.Routine || !read["forwarded_at"].IsDateTime)
            {
                continue;
            }

            long imageBytes = read["images_dropped_at"].IsDateTime ? 0 : StoreDocuments.Images(read).Sum(i => i.Bytes);
            long recordBytes = BsonSerializer.Serialize(read).Length;
            candidates.Add(new QuotaCandidate(read["_id"].AsGuid, StoreDocuments.Time(read["captured_at"]), true, imageBytes, recordBytes));
            enough += imageBytes + recordBytes;
        }

        return candidates;
    }
}
