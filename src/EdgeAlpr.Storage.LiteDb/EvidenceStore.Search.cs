using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Retention;
using EdgeAlpr.Core.Search;
using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    /// <summary>The most read ids one search's audit event lists; the count is always whole.</summary>
    private const int MaxAuditedIds = 1000;

    /// <summary>
    /// Searches the kept reads for a plate or a partial plate, for an authorised use only: without
    /// a case number and a purpose it is refused (<see cref="UseRefusedException"/>), the refusal
    /// audited and nothing read. Reads past their retention are never returned, even while they
    /// wait to be forwarded. The search, its grounds and its result count are audited.
    /// </summary>
    public SearchResult Search(PlateSearch search, AuthorisedUse use, int limit = 500)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(use);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        BsonDocument query = SearchDetails(search, use);
        if (use.Problems() is { Count: > 0 } problems)
        {
            query["problems"] = new BsonArray(problems.Select(p => new BsonValue(p)));
            Write(db => Audit(db, "search_refused", subject: search.Pattern, query, use.RequestedBy));
            throw new UseRefusedException(problems);
        }

        DateTimeOffset now = Now;
        var matches = new List<SearchMatch>();
        int total = 0;
        var ids = new BsonArray();
        return Write(db =>
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
                if (ids.Count < MaxAuditedIds)
                {
                    ids.Add(read["_id"]);
                }

                if (matches.Count < limit)
                {
                    List<StoredHit> found = hits.Find(Query.EQ("read_id", read["_id"])).Select(StoreDocuments.ToStoredHit).ToList();
                    matches.Add(new SearchMatch(StoreDocuments.ToStoredRead(read), matched.Text, matched.ByCandidate, found));
                }
            }

            query["results"] = total;
            query["read_ids"] = ids;
            long seq = Audit(db, "search", subject: search.Pattern, query, use.RequestedBy);
            matches.Sort((a, b) => a.Read.CapturedAt.CompareTo(b.Read.CapturedAt));
            return new SearchResult(matches, total, seq);
        });
    }

    private static BsonDocument SearchDetails(PlateSearch search, AuthorisedUse use)
    {
        var details = new BsonDocument
        {
            ["case_number"] = use.CaseNumber?.Trim() ?? string.Empty,
            ["purpose"] = use.Purpose?.Trim() ?? string.Empty,
            ["requested_by"] = use.RequestedBy,
            ["query"] = search.Pattern,
            ["partial"] = search.Partial,
        };
        if (search.From is { } from)
        {
            details["from"] = StoreDocuments.Utc(from);
        }

        if (search.To is { } to)
        {
            details["to"] = StoreDocuments.Utc(to);
        }

        return details;
    }

    // The indexes narrow the scan: the plate and every OCR reading are indexed, so an exact plate
    // or a pattern with a known start is looked up; only a pattern starting with a wildcard scans
    // the time window.
    private static IEnumerable<BsonDocument> ReadsToScan(LiteDatabase db, PlateSearch search)
    {
        ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
        int wildcard = search.Pattern.IndexOfAny(['*', '?']);
        string prefix = wildcard < 0 ? search.Pattern : search.Pattern[..wildcard];
        IEnumerable<BsonDocument> found = prefix.Length == 0
            ? reads.Find(Query.Between("captured_at", StoreDocuments.Utc(search.From ?? DateTimeOffset.MinValue), StoreDocuments.Utc(search.To ?? DateTimeOffset.MaxValue)))
            : wildcard < 0
                ? reads.Find(Query.EQ("plate", prefix)).Concat(reads.Find(BsonExpression.Create("$.candidates[*].text ANY = @0", new BsonValue(prefix))))
                : reads.Find(Query.StartsWith("plate", prefix)).Concat(reads.Find(BsonExpression.Create("$.candidates[*].text ANY LIKE @0", new BsonValue(prefix + "%"))));
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

    private bool WithinRetention(BsonDocument read, DateTimeOffset now) =>
        !_policy.IsPastRetention(StoreDocuments.ClassOf(read), StoreDocuments.Time(read["captured_at"]), now);
}
