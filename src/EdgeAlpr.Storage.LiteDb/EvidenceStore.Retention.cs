using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    private const int PurgeChunk = 500;
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromHours(1);
    private long _reclaimableDbBytes;
    private long _lastDbBytes;
    private long _nextQuotaCheck;

    /// <summary>
    /// Applies retention: reads past theirs (routine 90 days, serious 7 years), hits, dispositions
    /// and audit events past 7 years, each only once forwarded, with images no kept read still
    /// uses. With <paramref name="orphans"/>, also image files no read refers to (left by a crash
    /// between writing an image and committing its read), once an hour old.
    /// </summary>
    public PurgeReport Purge(bool dryRun, bool orphans = false, string actor = "agent")
    {
        DateTimeOffset now = Now;
        DateTimeOffset routineCutoff = _policy.Cutoff(RetentionClass.Routine, now);
        DateTimeOffset seriousCutoff = _policy.Cutoff(RetentionClass.Serious, now);
        int held = 0;
        var dueReads = new List<Guid>();
        var due = new Dictionary<string, List<BsonValue>>
        {
            [StoreCollections.Hits] = [],
            [StoreCollections.Dispositions] = [],
            [StoreCollections.Disseminations] = [],
            [StoreCollections.Audit] = [],
        };
        ReadOnly(db =>
        {
            // Past retention: due once forwarded, held until then.
            void Sort(BsonDocument doc, RetentionClass retentionClass, string madeAt, Action<BsonValue> markDue)
            {
                if (!_policy.IsPastRetention(retentionClass, StoreDocuments.Time(doc[madeAt]), now))
                {
                    return;
                }

                if (doc["forwarded_at"].IsDateTime)
                {
                    markDue(doc["_id"]);
                }
                else
                {
                    held++;
                }
            }

            foreach (BsonDocument read in db.GetCollection(StoreCollections.Reads).Find(Query.LT("captured_at", StoreDocuments.Utc(routineCutoff))))
            {
                Sort(read, StoreDocuments.ClassOf(read), "captured_at", id => dueReads.Add(id.AsGuid));
            }

            foreach ((string collection, string field) in new[] { (StoreCollections.Hits, "created_at"), (StoreCollections.Dispositions, "decided_at"), (StoreCollections.Disseminations, "at") })
            {
                foreach (BsonDocument doc in db.GetCollection(collection).Find(Query.LT(field, StoreDocuments.Utc(seriousCutoff))))
                {
                    Sort(doc, RetentionClass.Serious, field, due[collection].Add);
                }
            }

            // The audit trail goes from its oldest end only, so the chain stays whole: the first
            // event still within retention or not yet forwarded stops the purge there.
            foreach (BsonDocument doc in db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).Find(Query.All(Query.Ascending)))
            {
                if (!_policy.IsPastRetention(RetentionClass.Serious, StoreDocuments.Time(doc["at"]), now))
                {
                    break;
                }

                if (!doc["forwarded_at"].IsDateTime)
                {
                    held++;
                    break;
                }

                due[StoreCollections.Audit].Add(doc["_id"]);
            }

            return 0;
        });

        int images = 0;
        long imageBytes = 0;
        if (dryRun)
        {
            (images, imageBytes) = ReadOnly(db => ImagesFreedBy(db, dueReads));
        }
        else
        {
            foreach (Guid[] chunk in dueReads.Chunk(PurgeChunk))
            {
                (int n, long bytes) = DeleteReads(chunk, "retention", actor);
                images += n;
                imageBytes += bytes;
            }

            foreach ((string collection, List<BsonValue> ids) in due)
            {
                foreach (BsonValue[] chunk in ids.Chunk(PurgeChunk))
                {
                    Write(db =>
                    {
                        if (collection == StoreCollections.Audit)
                        {
                            RemoveAuditPrefix(db, chunk, actor);
                            return 0;
                        }

                        ILiteCollection<BsonDocument> records = db.GetCollection(collection);
                        foreach (BsonValue id in chunk)
                        {
                            records.Delete(id);
                        }

                        Audit(db, collection + "_purged", subject: null, new BsonDocument { ["reason"] = "retention", ["ids"] = new BsonArray(chunk) }, actor);
                        return 0;
                    });
                }
            }
        }

        int orphanCount = orphans ? SweepOrphans(dryRun) : 0;
        var report = new PurgeReport(
            dryRun, routineCutoff, seriousCutoff, dueReads.Count, due[StoreCollections.Hits].Count, due[StoreCollections.Dispositions].Count,
            due[StoreCollections.Audit].Count, images, imageBytes, held, orphanCount);
        if (!dryRun)
        {
            _logger.LogInformation(
                "Retention purge: {Reads} reads, {Hits} hits, {Dispositions} dispositions, {Audit} audit events, {Images} images; {Held} past retention kept until forwarded",
                report.Reads, report.Hits, report.Dispositions, report.AuditEvents, report.Images, report.HeldNotForwarded);
        }

        return report;
    }

    /// <summary>How far the store is over its quota, or the disk under its reserve, in bytes (0 or less: fine).</summary>
    public long BytesOverQuota()
    {
        long overQuota = long.MinValue;
        if (_options.QuotaBytes > 0)
        {
            overQuota = UsedBytes() - _options.QuotaBytes;
        }

        long underReserve = _options.MinFreeBytes - new DriveInfo(Directory).AvailableFreeSpace;
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

        List<QuotaCandidate> candidates = ReadOnly(db => QuotaCandidates(db, over));
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
            _logger.LogWarning(
                "Store over quota by {Over} bytes: dropped the images of {Images} routine reads and {Reads} routine reads; {Still} bytes still over",
                over, plan.DropImages.Count, plan.DropReads.Count, plan.BytesStillOver);
        }

        return plan;
    }

    private void EnforceQuotaSafely()
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
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            _logger.LogWarning(ex, "Could not free space under quota pressure");
        }
    }

    /// <summary>Database and images on disk, less the room left by reads dropped for quota that new reads have not yet reused.</summary>
    private long UsedBytes()
    {
        (long db, long images) = ReadOnly(d => (_db!.DataBytes + _db.LogBytes, d.GetCollection(StoreCollections.Meta).FindById("images")["bytes"].AsInt64));
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
        Write(db =>
        {
            ILiteCollection<BsonDocument> collection = db.GetCollection(StoreCollections.Reads);
            var details = new BsonArray();
            foreach (QuotaCandidate c in reads)
            {
                BsonDocument read = collection.FindById(c.ReadId);
                List<string> shas = StoreDocuments.Images(read).Select(i => i.Sha256).ToList();
                read["images_dropped_at"] = StoreDocuments.Utc(Now);
                collection.Update(read);
                dropped.AddRange(shas.Where(sha => !StillUsed(db, sha)));
                details.Add(new BsonDocument
                {
                    ["read_id"] = c.ReadId,
                    ["captured_at"] = StoreDocuments.Utc(c.CapturedAt),
                    ["forwarded"] = c.Forwarded,
                    ["images"] = new BsonArray(shas.Select(s => new BsonValue(s))),
                });
            }

            Audit(db, "images_dropped", subject: null, new BsonDocument { ["reason"] = "quota", ["reads"] = details });
            return 0;
        });
        DeleteImageFiles(dropped);
    }

    /// <summary>Deletes reads and the images nothing else uses: database first, files after, so no kept read ever loses an image.</summary>
    private (int Images, long Bytes) DeleteReads(IReadOnlyCollection<Guid> ids, string reason, string actor)
    {
        var unused = new List<string>();
        Write(db =>
        {
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            var details = new BsonArray();
            var shas = new HashSet<string>(StringComparer.Ordinal);
            foreach (Guid id in ids)
            {
                if (reads.FindById(id) is not { } read)
                {
                    continue;
                }

                bool hadImages = !read["images_dropped_at"].IsDateTime;
                List<StoredImage> images = StoreDocuments.Images(read);
                reads.Delete(id);
                // A read given up before it was forwarded will never be: it leaves the outbox too.
                db.GetCollection(StoreCollections.Outbox).DeleteMany(Query.EQ("ref", id));
                if (hadImages)
                {
                    shas.UnionWith(images.Select(i => i.Sha256));
                }

                details.Add(new BsonDocument
                {
                    ["read_id"] = id,
                    ["captured_at"] = read["captured_at"],
                    ["forwarded"] = read["forwarded_at"].IsDateTime,
                    ["images"] = new BsonArray(images.Select(i => new BsonValue(i.Sha256))),
                });
            }

            unused.AddRange(shas.Where(sha => !StillUsed(db, sha)));
            Audit(db, "reads_purged", subject: null, new BsonDocument { ["reason"] = reason, ["reads"] = details }, actor);
            return 0;
        });
        return DeleteImageFiles(unused);
    }

    private (int Images, long Bytes) DeleteImageFiles(List<string> shas)
    {
        long bytes = 0;
        int files = 0;
        foreach (string sha in shas)
        {
            long freed = _images.Delete(sha);
            bytes += freed;
            files += freed > 0 ? 1 : 0;
        }

        _images.SyncFolders(shas);
        Write(db =>
        {
            AddImageBytes(db, -bytes, -files);
            return 0;
        });
        return (files, bytes);
    }

    /// <summary>Whether a kept read, other than those <paramref name="leaving"/>, still shows this image.</summary>
    private static bool StillUsed(LiteDatabase db, string sha, HashSet<Guid>? leaving = null) =>
        ReadsUsing(db, sha).Any(r => !r["images_dropped_at"].IsDateTime && (leaving is null || !leaving.Contains(r["_id"].AsGuid)));

    /// <summary>Reads that refer to an image, through the index on every read's image hashes.</summary>
    private static IEnumerable<BsonDocument> ReadsUsing(LiteDatabase db, string sha) =>
        db.GetCollection(StoreCollections.Reads).Find(BsonExpression.Create("$.images[*].sha256 ANY = @0", new BsonValue(sha)));

    private static (int Images, long Bytes) ImagesFreedBy(LiteDatabase db, List<Guid> reads)
    {
        var going = reads.ToHashSet();
        var shas = new Dictionary<string, long>(StringComparer.Ordinal);
        ILiteCollection<BsonDocument> collection = db.GetCollection(StoreCollections.Reads);
        foreach (Guid id in reads)
        {
            BsonDocument read = collection.FindById(id);
            if (read["images_dropped_at"].IsDateTime)
            {
                continue;
            }

            foreach (StoredImage image in StoreDocuments.Images(read))
            {
                if (!StillUsed(db, image.Sha256, going))
                {
                    shas[image.Sha256] = image.Bytes;
                }
            }
        }

        return (shas.Count, shas.Values.Sum());
    }

    private int SweepOrphans(bool dryRun)
    {
        DateTime before = (Now - OrphanGrace).UtcDateTime;
        var orphans = new List<string>();
        ReadOnly(db =>
        {
            foreach (FileInfo file in _images.Files())
            {
                if (file.LastWriteTimeUtc < before && (!ImageStore.IsValidName(file.Name) || !ReadsUsing(db, file.Name).Any()))
                {
                    orphans.Add(file.FullName);
                }
            }

            return 0;
        });
        if (!dryRun)
        {
            foreach (string path in orphans)
            {
                File.Delete(path);
            }
        }

        return orphans.Count;
    }
}
