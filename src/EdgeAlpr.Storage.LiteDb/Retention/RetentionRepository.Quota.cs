using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

// The quota: past it (or under the disk's free-space floor) routine evidence is given up in the
// order of QuotaPlanner, images before reads, forwarded before not forwarded, oldest first.
internal sealed partial class RetentionRepository
{
    private long _reclaimableDbBytes;
    private long _lastDbBytes;
    private long _nextQuotaCheck;

    /// <summary>How far the store is over its quota, or the disk under its reserve, in bytes (0 or less: fine).</summary>
    public long BytesOverQuota()
    {
        long overQuota = long.MinValue;
        if (session.Options.QuotaBytes > 0)
        {
            overQuota = UsedBytes() - session.Options.QuotaBytes;
        }

        long underReserve = session.Options.MinFreeBytes - new DriveInfo(session.Directory).AvailableFreeSpace;
        return Math.Max(overQuota, underReserve);
    }

    /// <summary>
    /// Gives up routine evidence until the store is back under quota, in the order of
    /// <see cref="QuotaPlanner"/>; audits exactly what was dropped. Returns the plan carried out.
    /// </summary>
    public QuotaPlan EnforceQuota()
    {
        long over = BytesOverQuota();
        if (over <= 0)
        {
            return QuotaPlan.Nothing;
        }

        List<QuotaCandidate> candidates = session.ReadOnly(db => QuotaCandidates(db, over));
        QuotaPlan plan = QuotaPlanner.Plan(over, candidates);
        foreach (QuotaCandidate[] chunk in plan.DropImages.Chunk(PurgeChunk))
        {
            DropImages(chunk);
        }

        foreach (QuotaCandidate[] chunk in plan.DropReads.Chunk(PurgeChunk))
        {
            DeleteReads(chunk.Select(c => c.ReadId).ToList(), "quota", "agent");
            Interlocked.Add(ref _reclaimableDbBytes, chunk.Sum(c => c.RecordBytes));
        }

        if (!plan.IsEmpty)
        {
            session.Logger.LogWarning(
                "Store over quota by {Over} bytes: dropped the images of {Images} routine reads and {Reads} routine reads; {Still} bytes still over",
                over,
                plan.DropImages.Count,
                plan.DropReads.Count,
                plan.BytesStillOver
            );
        }

        return plan;
    }

    /// <summary>Enforces the quota at most once a second, from the writer; a failure is logged, never thrown.</summary>
    internal void EnforceQuotaSafely()
    {
        // A statvfs and a few sums: cheap, but not per batch at full rate.
        long now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextQuotaCheck))
        {
            return;
        }

        Interlocked.Exchange(ref _nextQuotaCheck, now + 1000);
        try
        {
            EnforceQuota();
        }
        catch (Exception ex) when (StoreSession.IsStorageFailure(ex))
        {
            session.Logger.LogWarning(ex, "Could not free space under quota pressure");
        }
    }

    /// <summary>Database and images on disk, less the room left by reads dropped for quota that new reads have not yet reused.</summary>
    private long UsedBytes()
    {
        (long db, long images) = session.ReadOnly(d =>
            (session.DatabaseBytes, d.GetCollection(StoreCollections.Meta).FindById("images")["bytes"].AsInt64)
        );
        long grown = db - Interlocked.Exchange(ref _lastDbBytes, db);
        if (grown > 0 && Interlocked.Read(ref _reclaimableDbBytes) > 0)
        {
            Interlocked.Exchange(ref _reclaimableDbBytes, Math.Max(0, Interlocked.Read(ref _reclaimableDbBytes) - grown));
        }

        return db + images - Interlocked.Read(ref _reclaimableDbBytes);
    }

    private static List<QuotaCandidate> QuotaCandidates(LiteDatabase db, long over)
    {
        // Enough of the oldest routine reads, forwarded ones first, to free what is over.
        var candidates = new List<QuotaCandidate>();
        long enough = 0;
        foreach (bool forwarded in new[] { true, false })
        {
            foreach (BsonDocument read in db.GetCollection(StoreCollections.Reads).Find(Query.All("captured_at", Query.Ascending)))
            {
                if (enough >= over)
                {
                    return candidates;
                }

                if (StoreDocuments.ClassOf(read) != RetentionClass.Routine || read["forwarded_at"].IsDateTime != forwarded)
                {
                    continue;
                }

                long imageBytes = read["images_dropped_at"].IsDateTime ? 0 : StoreDocuments.Images(read).Sum(i => i.Bytes);
                long recordBytes = BsonSerializer.Serialize(read).Length;
                candidates.Add(new QuotaCandidate(read["_id"].AsGuid, StoreDocuments.Time(read["captured_at"]), forwarded, imageBytes, recordBytes));
                enough += imageBytes + recordBytes;
            }
        }

        return candidates;
    }

    private void DropImages(IReadOnlyList<QuotaCandidate> reads)
    {
        var dropped = new List<string>();
        session.Write(db =>
        {
            ILiteCollection<BsonDocument> collection = db.GetCollection(StoreCollections.Reads);
            var details = new BsonArray();
            foreach (QuotaCandidate c in reads)
            {
                BsonDocument read = collection.FindById(c.ReadId);
                List<string> shas = StoreDocuments.Images(read).Select(i => i.Sha256).ToList();
                read["images_dropped_at"] = StoreDocuments.Utc(session.Now);
                collection.Update(read);
                dropped.AddRange(shas.Where(sha => !StillUsed(db, sha)));
                details.Add(
                    new BsonDocument
                    {
                        ["read_id"] = c.ReadId,
                        ["captured_at"] = StoreDocuments.Utc(c.CapturedAt),
                        ["forwarded"] = c.Forwarded,
                        ["images"] = new BsonArray(shas.Select(s => new BsonValue(s))),
                    }
                );
            }

            audit.Append(db, "images_dropped", subject: null, new BsonDocument { ["reason"] = "quota", ["reads"] = details });
            return 0;
        });
        DeleteImageFiles(dropped);
    }
}
