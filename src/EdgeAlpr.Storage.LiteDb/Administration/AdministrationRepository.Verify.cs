using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

internal sealed partial class AdministrationRepository
{
    /// <summary>
    /// Reads every record (which checks each database page decrypts and parses), hashes every
    /// image file against its name, and checks each kept read's images are there. Corrects the
    /// image byte count if it drifted. The run is audited.
    /// </summary>
    public VerifyReport Verify(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var databaseProblems = new List<string>();
        var referenced = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var missing = new List<MissingImage>();
        long reads = 0,
            hits = 0,
            dispositions = 0,
            audit = 0;
        session.ReadOnly(db =>
        {
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
                            referenced.TryAdd(image.Sha256, read.Id);
                        }
                    }
                }

                hits = db.GetCollection(StoreCollections.Hits).FindAll().LongCount();
                dispositions = db.GetCollection(StoreCollections.Dispositions).FindAll().LongCount();
                audit = db.GetCollection(StoreCollections.Audit).FindAll().LongCount();
                foreach (BsonDocument item in db.GetCollection(StoreCollections.Outbox).FindAll())
                {
                    OutboxKind kind = OutboxRepository.KindOf(item);
                    if (db.GetCollection(OutboxRepository.CollectionOf(kind)).FindById(item["ref"]) is null)
                    {
                        databaseProblems.Add(
                            $"outbox item {item["_id"].AsInt64} refers to a missing {kind.ToString().ToLowerInvariant()} {item["ref"]}"
                        );
                    }
                }
            }
            catch (Exception ex) when (ex is LiteException or InvalidCastException or InvalidOperationException or KeyNotFoundException)
            {
                databaseProblems.Add($"database cannot be read through: {ex.Message}");
            }

            return 0;
        });

        var corrupt = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long files = 0,
            bytes = 0;
        int orphans = 0;
        foreach (FileInfo file in session.Images.Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            files++;
            bytes += file.Length;
            progress?.Report(files);
            string name = file.Name;
            if (!ImageStore.IsValidName(name) || !string.Equals(file.Directory?.Name, name[..2], StringComparison.Ordinal))
            {
                orphans++;
                continue;
            }

            seen.Add(name);
            if (session.Images.HashOnDisk(name) != name)
            {
                corrupt.Add(name);
            }

            if (!referenced.ContainsKey(name))
            {
                orphans++;
            }
        }

        missing.AddRange(referenced.Where(r => !seen.Contains(r.Key)).Select(r => new MissingImage(r.Value, r.Key)));
        var report = new VerifyReport(reads, hits, dispositions, audit, files, bytes, corrupt, missing, orphans, databaseProblems);
        session.Write(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            BsonDocument counts = meta.FindById("images");
            counts["bytes"] = bytes;
            counts["files"] = files;
            meta.Update(counts);
            auditLog.Append(
                db,
                "store_verified",
                subject: null,
                new BsonDocument
                {
                    ["ok"] = report.Ok,
                    ["image_files"] = files,
                    ["corrupt_images"] = new BsonArray(corrupt.Select(c => new BsonValue(c))),
                    ["missing_images"] = missing.Count,
                    ["database_problems"] = databaseProblems.Count,
                }
            );
            return 0;
        });
        return report;
    }
}
