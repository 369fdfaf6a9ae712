using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

internal sealed partial class AdministrationRepository
{
    /// <summary>
    /// Checks everything the store keeps: every page of both database files authenticates, every
    /// record parses, every index reaches exactly the records it should, every outbox item's record
    /// exists, the manifest agrees with the database, and every image file opens, matches its name
    /// and is referred to (or is a crash leftover). Each problem is a line; nothing throws. Corrects
    /// the image byte count if it drifted. The run is audited under <paramref name="actor"/>.
    /// </summary>
    /// <remarks>
    /// Safe on the agent's open store: the records are read under the store's lock, the images after it (so the
    /// read path is held up only for the records). A read purged or whose images the quota dropped between the
    /// two steps would leave its image looking missing or cut short, so each such finding is checked again
    /// against the records before it is reported.
    /// </remarks>
    public VerifyReport Verify(IProgress<long>? progress = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        var databaseProblems = new List<string>();
        var referenced = new Dictionary<string, (string Sha256, Guid Read)>(StringComparer.Ordinal);
        long reads = 0,
            hits = 0,
            dispositions = 0,
            audit = 0;
        session.ReadOnly(db =>
        {
            List<string> pages = session.PageProblems(cancellationToken);
            databaseProblems.AddRange(pages);
            if (session.ManifestProblem is { } manifest)
            {
                databaseProblems.Add(manifest);
            }

            try
            {
                foreach (BsonDocument doc in db.GetCollection(StoreCollections.Reads).FindAll())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    reads++;
                    StoredRead read = StoreDocuments.ToStoredRead(doc);
                    foreach (StoredImage image in read.Images)
                    {
                        if (read.ImagesDroppedAt is null)
                        {
                            referenced.TryAdd(session.Images.NameOf(image.Sha256), (image.Sha256, read.Id));
                        }
                    }
                }

                hits = db.GetCollection(StoreCollections.Hits).FindAll().LongCount();
                dispositions = db.GetCollection(StoreCollections.Dispositions).FindAll().LongCount();
                audit = db.GetCollection(StoreCollections.Audit).FindAll().LongCount();
                databaseProblems.AddRange(OutboxProblems(db));
                databaseProblems.AddRange(IndexCheck.Problems(db, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A verifier reports what it finds; whatever the database throws is a finding.
                databaseProblems.Add($"the database cannot be read through: {ex.GetType().Name}: {ex.Message}");
            }

            return 0;
        });

        if (databaseProblems.Count > 0 && databaseProblems[0].Contains(" page ", StringComparison.Ordinal))
        {
            // Damaged pages under an open store: the next write repairs it (when the settings allow) rather than tripping on them later.
            session.ReportDamage(databaseProblems[0]);
        }

        ImageFindings images = CheckImages(referenced, progress, cancellationToken);
        if (images.Corrupt.Count > 0 || images.Missing.Count > 0)
        {
            StillKept(images, referenced);
        }

        var report = new VerifyReport(
            reads,
            hits,
            dispositions,
            audit,
            images.Files,
            images.Bytes,
            images.Corrupt,
            images.Missing,
            images.Orphans,
            databaseProblems
        )
        {
            CrashLeftovers = images.CrashLeftovers,
            ForeignFiles = images.Foreign,
        };
        session.Write(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            BsonDocument counts = meta.FindById("images");
            counts["bytes"] = images.Bytes;
            counts["files"] = images.Files;
            meta.Update(counts);
            auditLog.Append(
                db,
                "store_verified",
                subject: null,
                new BsonDocument
                {
                    ["ok"] = report.Ok,
                    ["image_files"] = images.Files,
                    ["corrupt_images"] = new BsonArray(images.Corrupt.Select(c => new BsonValue(c))),
                    ["missing_images"] = images.Missing.Count,
                    ["foreign_files"] = images.Foreign.Count,
                    ["crash_leftovers"] = images.CrashLeftovers,
                    ["database_problems"] = databaseProblems.Count,
                },
                actor ?? "agent"
            );
            return 0;
        });
        return report;
    }

    /// <summary>
    /// Keeps only the corrupt and missing images whose read still holds them now: the images are checked after the
    /// records, outside the store's lock, and meanwhile retention or the quota may have removed a read or its
    /// images (the records first, then the files), which is not damage.
    /// </summary>
    private void StillKept(ImageFindings images, Dictionary<string, (string Sha256, Guid Read)> referenced)
    {
        var owners = referenced.Values.ToDictionary(r => r.Sha256, r => r.Read, StringComparer.Ordinal);
        session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            bool Kept(Guid readId, string sha256) =>
                reads.FindById(readId) is { } doc
                && StoreDocuments.ToStoredRead(doc) is { ImagesDroppedAt: null } read
                && read.Images.Any(i => string.Equals(i.Sha256, sha256, StringComparison.Ordinal));
            images.Corrupt.RemoveAll(sha => owners.TryGetValue(sha, out Guid read) && !Kept(read, sha));
            images.Missing.RemoveAll(m => !Kept(m.ReadId, m.Sha256));
            return 0;
        });
    }

    private static IEnumerable<string> OutboxProblems(LiteDatabase db)
    {
        foreach (BsonDocument item in db.GetCollection(StoreCollections.Outbox).FindAll())
        {
            OutboxKind kind = OutboxRepository.KindOf(item);
            if (db.GetCollection(OutboxRepository.CollectionOf(kind)).FindById(item["ref"]) is null)
            {
                yield return $"outbox item {item["_id"].AsInt64} refers to a missing {kind.ToString().ToLowerInvariant()} {item["ref"]}";
            }
        }
    }

    /// <summary>
    /// Opens every image file. A file no read refers to that is empty or cut short is what a crash
    /// between writing an image and committing its read leaves: counted, not alarmed. A referred-to
    /// file that does not open, or any whole file that does not open or is not where its name says,
    /// is listed as tampering or damage.
    /// </summary>
    private ImageFindings CheckImages(
        Dictionary<string, (string Sha256, Guid Read)> referenced,
        IProgress<long>? progress,
        CancellationToken cancellationToken
    )
    {
        var findings = new ImageFindings();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (FileInfo file in session.Images.Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            findings.Files++;
            findings.Bytes += file.Length;
            progress?.Report(findings.Files);
            string name = file.Name;
            if (!ImageStore.IsValidName(name) || !string.Equals(file.Directory?.Name, name[..2], StringComparison.Ordinal))
            {
                findings.Foreign.Add($"{Path.GetRelativePath(session.Images.Root, file.FullName)}: not an image file of this store");
                continue;
            }

            bool isReferenced = referenced.TryGetValue(name, out (string Sha256, Guid Read) owner);
            if (isReferenced)
            {
                seen.Add(name);
            }

            string? problem;
            try
            {
                if (session.Images.TryHash(name, out problem) is not null)
                {
                    findings.Orphans += isReferenced ? 0 : 1;
                    continue;
                }
            }
            catch (IOException ex)
            {
                problem = $"cannot be read: {ex.Message}";
            }

            if (isReferenced)
            {
                findings.Corrupt.Add(owner.Sha256);
            }
            else if (file.Length == 0 || StartsLikeImage(file))
            {
                // This store's own write, cut short before its read was committed (a whole file would have opened).
                findings.CrashLeftovers++;
            }
            else
            {
                findings.Foreign.Add($"{Path.GetRelativePath(session.Images.Root, file.FullName)}: {problem}");
            }
        }

        findings.Missing.AddRange(referenced.Where(r => !seen.Contains(r.Key)).Select(r => new MissingImage(r.Value.Read, r.Value.Sha256)));
        return findings;
    }

    private static bool StartsLikeImage(FileInfo file)
    {
        Span<byte> start = stackalloc byte[16];
        using FileStream stream = file.OpenRead();
        return ImageSeal.StartsLikeImage(start[..stream.Read(start)]);
    }

    private sealed class ImageFindings
    {
        public long Files { get; set; }

        public long Bytes { get; set; }

        public int Orphans { get; set; }

        public int CrashLeftovers { get; set; }

        public List<string> Corrupt { get; } = [];

        public List<MissingImage> Missing { get; } = [];

        public List<string> Foreign { get; } = [];
    }
}
