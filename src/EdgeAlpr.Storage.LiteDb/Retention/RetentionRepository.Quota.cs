using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

// The quota: past it (or under the disk's free-space floor) routine evidence is given up in the
// order of QuotaPlanner: new routine reads stop keeping their scene image, then the images of
// forwarded routine reads go, then those reads, oldest first; nothing the platform lacks, ever.
internal sealed partial class RetentionRepository
{
    // While nothing is left to delete, a quota pass (a scan of the reads) runs this seldom.
    private static readonly TimeSpan StuckCheckInterval = TimeSpan.FromSeconds(30);

    // One quota pass at a time: the writer's and any caller's.
    private readonly Lock _quotaGate = new();
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
    /// Brings the store back under its quota in the order of <see cref="QuotaPlanner"/>: pauses (or,
    /// with room again, resumes) keeping the scene images of new routine reads, and deletes forwarded
    /// routine evidence; audits each step. What cannot be freed is left over and shown on health.
    /// Returns the plan carried out.
    /// </summary>
    public QuotaPlan EnforceQuota()
    {
        lock (_quotaGate)
        {
            return EnforceQuotaOnce();
        }
    }

    private QuotaPlan EnforceQuotaOnce()
    {
        long over = BytesOverQuota();
        bool paused = Ledger.ContextImagesPaused;
        List<QuotaCandidate> candidates = over > 0 ? session.ReadOnly(db => QuotaReads.Candidates(db, over)) : [];
        long limit = Math.Max(session.Options.QuotaBytes, session.Options.MinFreeBytes);
        QuotaPlan plan = QuotaPlanner.Plan(over, paused, QuotaPlanner.ResumeMargin(limit), candidates);
        if (plan.PauseContextImages != paused)
        {
            try
            {
                PauseContextImages(plan.PauseContextImages, over);
            }
            catch (Exception ex) when (StoreSession.IsStorageFailure(ex))
            {
                // Tried again at the next pass; the space it would make is freed below regardless.
                session.Logger.LogWarning(ex, "Could not record the pause of scene images under quota pressure");
            }
        }

        foreach (QuotaCandidate[] chunk in plan.DropImages.Chunk(PurgeChunk))
        {
            DropImages(chunk);
        }

        foreach (QuotaCandidate[] chunk in plan.DropReads.Chunk(PurgeChunk))
        {
            DeleteReads(chunk.Select(c => c.ReadId).ToList(), QuotaReason, "agent");
            Interlocked.Add(ref _reclaimableDbBytes, chunk.Sum(c => c.RecordBytes));
        }

        if (!plan.IsEmpty)
        {
            session.Logger.LogWarning(
                "Store over quota by {Over} bytes: dropped the images of {Images} forwarded routine reads and {Reads} forwarded routine reads; {Still} bytes still over",
                over,
                plan.DropImages.Count,
                plan.DropReads.Count,
                plan.BytesStillOver
            );
        }

        if (Ledger.SetBytesOverQuota(plan.BytesStillOver))
        {
            if (plan.BytesStillOver > 0)
            {
                session.Logger.LogError(
                    "Store over quota by {Still} bytes with nothing left it may delete: only reads the platform does not have yet, hits, evidence reads and the audit trail remain; forward them (check the uplink) or give the store more room",
                    plan.BytesStillOver
                );
            }
            else
            {
                session.Logger.LogWarning("Store back within its quota");
            }
        }

        return plan;
    }

    /// <summary>How far the store is over its quota with nothing left the quota may delete, measured now without deleting anything (0: within).</summary>
    internal long BytesOverWithNothingToDelete()
    {
        long over = BytesOverQuota();
        return over <= 0
            ? 0
            : QuotaPlanner.Plan(over, Ledger.ContextImagesPaused, 0, session.ReadOnly(db => QuotaReads.Candidates(db, over))).BytesStillOver;
    }

    /// <summary>Enforces the quota at most once a second (every 30 s while nothing is left to delete), from the writer; a failure is logged, never thrown.</summary>
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
            if (EnforceQuota().BytesStillOver > 0)
            {
                Interlocked.Exchange(ref _nextQuotaCheck, now + (long)StuckCheckInterval.TotalMilliseconds);
            }
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

    /// <summary>Starts or ends the quota's first step: new routine reads stored without their scene image. Audited.</summary>
    private void PauseContextImages(bool pause, long over)
    {
        long free = new DriveInfo(session.Directory).AvailableFreeSpace;
        DateTimeOffset now = session.Now;
        BsonDocument ledger = session.Write(db =>
        {
            audit.Append(
                db,
                pause ? "quota_context_images_paused" : "quota_context_images_resumed",
                subject: null,
                new BsonDocument
                {
                    ["bytes_over"] = over,
                    ["quota_bytes"] = session.Options.QuotaBytes,
                    ["min_free_bytes"] = session.Options.MinFreeBytes,
                    ["disk_free_bytes"] = free,
                }
            );
            return RetentionLedger.Change(db, r =>
            {
                r["context_paused"] = pause;
                r["context_paused_since"] = pause ? StoreDocuments.Utc(now) : BsonValue.Null;
            });
        });
        Ledger.Publish(ledger);
        if (pause)
        {
            session.Logger.LogWarning(
                "Store over quota by {Over} bytes: new routine reads are stored without their scene image until there is room again",
                over
            );
        }
        else
        {
            session.Logger.LogWarning("Store back under its quota: routine reads keep their scene image again");
        }
    }

    private void DropImages(QuotaCandidate[] reads)
    {
        var dropped = new List<string>();
        BsonDocument ledger = session.Write(db =>
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
            return RetentionLedger.Change(db, r => RetentionLedger.Add(r, "quota_images_dropped", reads.Length));
        });
        Ledger.Publish(ledger);
        DeleteImageFiles(dropped);
    }
}
