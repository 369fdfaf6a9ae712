using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>The live screen's reads (<c>IReadStore.ListRecentReads</c>), apart from <see cref="ReadRepository"/> to keep that class readable.</summary>
internal static class RecentReads
{
    /// <summary>
    /// Newest first by capture time, walking the <c>captured_at</c> index from its end and stopping at
    /// <paramref name="max"/> or at the first read not after <paramref name="after"/>: a live screen's poll costs
    /// the reads it is answered, not the store's size.
    /// </summary>
    public static IReadOnlyList<StoredRead> List(StoreSession session, int max, DateTimeOffset? after)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return session.ReadOnly(db =>
        {
            var list = new List<StoredRead>(Math.Min(max, 256));
            foreach (BsonDocument doc in db.GetCollection(StoreCollections.Reads).Find(Query.All("captured_at", Query.Descending)))
            {
                if (after is { } since && StoreDocuments.Time(doc["captured_at"]) <= since)
                {
                    break;
                }

                list.Add(StoreDocuments.ToStoredRead(doc));
                if (list.Count >= max)
                {
                    break;
                }
            }

            return list;
        });
    }
}
