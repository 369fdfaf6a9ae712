using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Search;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Finds kept reads by plate or by one of the OCR's other readings, through the indexes on both.
/// It only queries: who may search, and the audit of it, is the application's (<c>SearchReads</c>).
/// </summary>
internal sealed class SearchRepository(StoreSession session) : IReadSearch
{
    /// <summary>The most read ids a search returns for its audit event; the count is always whole.</summary>
    private const int MaxListedIds = 1000;

    /// <summary>
    /// The kept reads whose plate or one of whose other readings matches, within retention (reads
    /// past it are never returned, even while they wait to be forwarded). Who may search, and the
    /// audit of it, is the application's (<c>SearchReads</c>).
    /// </summary>
    public ReadSearchResult Find(PlateSearch search, int limit)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        DateTimeOffset now = session.Now;
        var matches = new List<SearchMatch>();
        var ids = new List<Guid>();
        int total = 0;
        return session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> hits = db.GetCollection(StoreCollections.Hits);
            foreach (BsonDocument read in ReadsToScan(db, search))
            {
                DateTimeOffset at = StoreDocuments.Time(read["captured_at"]);
                if (!search.InWindow(at) || !WithinRetention(read, now) || Matched(search, read) is not { } matched)
                {
                    continue;
                }

                total++;
                if (ids.Count < MaxListedIds)
                {
                    ids.Add(read["_id"].AsGuid);
                }

                if (matches.Count < limit)
                {
                    List<StoredHit> found = hits.Find(Query.EQ("read_id", read["_id"])).Select(StoreDocuments.ToStoredHit).ToList();
                    matches.Add(new SearchMatch(StoreDocuments.ToStoredRead(read), matched.Text, matched.ByCandidate, found));
                }
            }

            matches.Sort((a, b) => a.Read.CapturedAt.CompareTo(b.Read.CapturedAt));
            return new ReadSearchResult(matches, total, ids);
        });
    }

    // The indexes narrow the scan: the plate and every OCR reading are indexed, so an exact plate
    // or a pattern with a known start is looked up; only a pattern starting with a wildcard scans
    // the time window.
    private static IEnumerable<BsonDocument> ReadsToScan(LiteDatabase db, PlateSearch search)
    {
        ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
        int wildcard = search.Pattern.IndexOfAny(['*', '?']);
        string prefix = wildcard < 0 ? search.Pattern : search.Pattern[..wildcard];
        IEnumerable<BsonDocument> found =
            prefix.Length == 0
                ? reads.Find(
                    Query.Between(
                        "captured_at",
                        StoreDocuments.Utc(search.From ?? DateTimeOffset.MinValue),
                        StoreDocuments.Utc(search.To ?? DateTimeOffset.MaxValue)
                    )
                )
            : wildcard < 0
                ? reads
                    .Find(Query.EQ("plate", prefix))
                    .Concat(reads.Find(BsonExpression.Create("$.candidates[*].text ANY = @0", new BsonValue(prefix))))
            : reads
                .Find(Query.StartsWith("plate", prefix))
                .Concat(reads.Find(BsonExpression.Create("$.candidates[*].text ANY LIKE @0", new BsonValue(prefix + "%"))));
        return found.DistinctBy(d => d["_id"].AsGuid);
    }

    private static (string Text, bool ByCandidate)? Matched(PlateSearch search, BsonDocument read)
    {
        string plate = read["plate"].AsString;
        if (search.Matches(plate))
        {
            return (plate, false);
        }

        foreach (BsonValue candidate in read["candidates"].AsArray)
        {
            string text = candidate["text"].AsString;
            if (search.Matches(text))
            {
                return (text, true);
            }
        }

        return null;
    }

    // Reads past retention are never returned, even while they wait to be forwarded.
    private bool WithinRetention(BsonDocument read, DateTimeOffset now) =>
        !session.Policy.IsPastRetention(StoreDocuments.ClassOf(read), StoreDocuments.Time(read["captured_at"]), now);
}
