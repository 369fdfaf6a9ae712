using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>
/// Retention by policy (<see cref="Purge"/>) and the space quota (<c>RetentionRepository.Quota.cs</c>).
/// Routine reads go at their term whether the platform has them or not (each such purge audited as
/// <c>unforwarded_reads_purged</c> and counted in <see cref="Ledger"/>); serious records only once
/// forwarded. The database is changed first and image files deleted after, so a kept read never
/// loses an image. Every removal is audited in its transaction.
/// </summary>
internal sealed partial class RetentionRepository(StoreSession session, AuditLogRepository audit) : IRetention
{
    private const int PurgeChunk = 500;
    private const string QuotaReason = "quota";
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromHours(1);

    /// <summary>What retention and the quota have done, for health and stats.</summary>
    internal RetentionLedger Ledger { get; } = new();

    /// <summary>
    /// Applies retention: routine reads past theirs (90 days), forwarded or not; serious reads,
    /// hits, dispositions, releases and audit events past 7 years once forwarded, release requests 7 years
    /// after they were made (their events travel in the audit trail); with images no
    /// kept read still uses. With <paramref name="orphans"/>, also image files no read refers to
    /// (left by a crash between writing an image and committing its read), once an hour old.
    /// </summary>
    public PurgeReport Purge(bool dryRun, bool orphans = false, string actor = "agent")
    {
        DateTimeOffset now = session.Now;
        DateTimeOffset routineCutoff = session.Policy.Cutoff(RetentionClass.Routine, now);
        DateTimeOffset seriousCutoff = session.Policy.Cutoff(RetentionClass.Serious, now);
        int held = 0;
        int unforwarded = 0;
        var dueReads = new List<Guid>();
        var due = new Dictionary<string, List<BsonValue>>
        {
            [StoreCollections.Hits] = [],
            [StoreCollections.Dispositions] = [],
            [StoreCollections.Disseminations] = [],
            [StoreCollections.ReleaseRequests] = [],
            [StoreCollections.Audit] = [],
        };
        session.ReadOnly(db =>
        {
            // Past retention: routine reads are due at once, serious records once forwarded and held until then.
            void Sort(BsonDocument doc, RetentionClass retentionClass, string madeAt, Action<BsonValue> markDue)
            {
                DateTimeOffset at = StoreDocuments.Time(doc[madeAt]);
                if (!session.Policy.IsPastRetention(retentionClass, at, now))
                {
                    return;
                }

                if (session.Policy.IsDue(retentionClass, at, doc["forwarded_at"].IsDateTime, now))
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
                Sort(read, StoreDocuments.ClassOf(read), "captured_at", id =>
                {
                    dueReads.Add(id.AsGuid);
                    unforwarded += read["forwarded_at"].IsDateTime ? 0 : 1;
                });
            }

            foreach (
                (string collection, string field) in new[]
                {
                    (StoreCollections.Hits, "created_at"),
                    (StoreCollections.Dispositions, "decided_at"),
                    (StoreCollections.Disseminations, "at"),
                }
            )
            {
                foreach (BsonDocument doc in db.GetCollection(collection).Find(Query.LT(field, StoreDocuments.Utc(seriousCutoff))))
                {
                    Sort(doc, RetentionClass.Serious, field, due[collection].Add);
                }
            }

            due[StoreCollections.ReleaseRequests].AddRange(ReleaseRequestRepository.MadeBefore(db, seriousCutoff));

            // The audit trail goes from its oldest end only, so the chain stays whole: the first
            // event still within retention or not yet forwarded stops the purge there.
            foreach (BsonDocument doc in db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).Find(Query.All(Query.Ascending)))
            {
                if (!session.Policy.IsPastRetention(RetentionClass.Serious, StoreDocuments.Time(doc["at"]), now))
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
            (images, imageBytes) = session.ReadOnly(db => ImagesFreedBy(db, dueReads));
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
                    session.Write(db =>
                    {
                        if (collection == StoreCollections.Audit)
                        {
                            audit.RemoveAuditPrefix(db, chunk, actor);
                            return 0;
                        }

                        ILiteCollection<BsonDocument> records = db.GetCollection(collection);
                        foreach (BsonValue id in chunk)
                        {
                            records.Delete(id);
                        }

                        audit.Append(
                            db,
                            collection + "_purged",
                            subject: null,
                            new BsonDocument { ["reason"] = "retention", ["ids"] = new BsonArray(chunk) },
                            actor
                        );
                        return 0;
                    });
                }
            }
        }

        int orphanCount = orphans ? SweepOrphans(dryRun) : 0;
        var report = new PurgeReport(
            dryRun,
            routineCutoff,
            seriousCutoff,
            dueReads.Count,
            unforwarded,
            due[StoreCollections.Hits].Count,
            due[StoreCollections.Dispositions].Count,
            due[StoreCollections.Audit].Count,
            images,
            imageBytes,
            held,
            orphanCount
        );
        if (!dryRun)
        {
            session.Logger.LogInformation(
                "Retention purge: {Reads} reads, {Hits} hits, {Dispositions} dispositions, {Audit} audit events, {Images} images; {Held} serious records past retention kept until forwarded",
                report.Reads,
                report.Hits,
                report.Dispositions,
                report.AuditEvents,
                report.Images,
                report.HeldNotForwarded
            );
            if (unforwarded > 0)
            {
                session.Logger.LogWarning(
                    "Retention purged {Unforwarded} routine reads the platform never received: routine reads are kept {Days:F0} days from capture, forwarded or not",
                    unforwarded,
                    session.Policy.RoutineRetention.TotalDays
                );
            }
        }

        return report;
    }

    public bool IsWithinRetention(StoredRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return !session.Policy.IsPastRetention(read.Class, read.CapturedAt, session.Now);
    }

    /// <summary>
    /// Deletes reads and the images nothing else uses: database first, files after, so no kept read
    /// ever loses an image. Reads the platform never had are also audited on their own
    /// (<c>unforwarded_reads_purged</c>) and counted for health.
    /// </summary>
    private (int Images, long Bytes) DeleteReads(IReadOnlyCollection<Guid> ids, string reason, string actor)
    {
        var unused = new List<string>();
        BsonDocument? ledger = session.Write(db =>
        {
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            var details = new BsonArray();
            var notForwarded = new BsonArray();
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
                // A read purged before it was forwarded will never be: it leaves the outbox too.
                db.GetCollection(StoreCollections.Outbox).DeleteMany(Query.EQ("ref", id));
                if (hadImages)
                {
                    shas.UnionWith(images.Select(i => i.Sha256));
                }

                var detail = new BsonDocument
                {
                    ["read_id"] = id,
                    ["captured_at"] = read["captured_at"],
                    ["forwarded"] = read["forwarded_at"].IsDateTime,
                    ["images"] = new BsonArray(images.Select(i => new BsonValue(i.Sha256))),
                };
                details.Add(detail);
                if (!read["forwarded_at"].IsDateTime)
                {
                    notForwarded.Add(detail);
                }
            }

            unused.AddRange(shas.Where(sha => !StillUsed(db, sha)));
            audit.Append(db, "reads_purged", subject: null, new BsonDocument { ["reason"] = reason, ["reads"] = details }, actor);
            if (notForwarded.Count > 0)
            {
                audit.Append(
                    db,
                    "unforwarded_reads_purged",
                    subject: null,
                    new BsonDocument
                    {
                        ["reason"] = reason,
                        ["read_retention_days"] = session.Policy.RoutineRetention.TotalDays,
                        ["reads"] = notForwarded,
                    },
                    actor
                );
            }

            if (notForwarded.Count == 0 && reason != QuotaReason)
            {
                return null;
            }

            return RetentionLedger.Change(db, r =>
            {
                if (reason == QuotaReason)
                {
                    RetentionLedger.Add(r, "quota_reads_dropped", details.Count);
                }

                if (notForwarded.Count > 0)
                {
                    RetentionLedger.Add(r, "unforwarded_purged", notForwarded.Count);
                    r["last_unforwarded_purge_at"] = StoreDocuments.Utc(session.Now);
                }
            });
        });
        Ledger.Publish(ledger);
        return DeleteImageFiles(unused);
    }

    private (int Images, long Bytes) DeleteImageFiles(List<string> shas)
    {
        long bytes = 0;
        int files = 0;
        foreach (string sha in shas)
        {
            long freed = session.Images.Delete(sha);
            bytes += freed;
            files += freed > 0 ? 1 : 0;
        }

        session.Images.SyncFolders(shas);
        session.Write(db =>
        {
            ImageCounts.Add(db, -bytes, -files);
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

    private HashSet<string> ImageNamesInUse(LiteDatabase db)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (BsonDocument read in db.GetCollection(StoreCollections.Reads).FindAll())
        {
            foreach (StoredImage image in StoreDocuments.Images(read))
            {
                used.Add(session.Images.NameOf(image.Sha256));
            }
        }

        return used;
    }

    private int SweepOrphans(bool dryRun)
    {
        DateTime before = (session.Now - OrphanGrace).UtcDateTime;
        var orphans = new List<string>();
        session.ReadOnly(db =>
        {
            // File names are keyed hashes of the images' SHA-256: the names in use are made from the records.
            HashSet<string> used = ImageNamesInUse(db);
            foreach (FileInfo file in session.Images.Files())
            {
                if (file.LastWriteTimeUtc < before && !used.Contains(file.Name))
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
