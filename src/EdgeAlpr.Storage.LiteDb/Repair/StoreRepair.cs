using EdgeAlpr.Application.Evidence;
using EdgeAlpr.FileSystem;
using EdgeAlpr.Storage.Salvage;
using LiteDB;
using Microsoft.Extensions.Logging;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace EdgeAlpr.Storage;

/// <summary>
/// Repairs a damaged store: the database files and the manifest are moved into
/// <c>quarantine/&lt;time&gt;-repair/</c> (kept, never deleted), every record that can be read from
/// them is salvaged into a fresh store built in <c>repairing/</c>, and the fresh store is put in
/// place. Images stay where they are (each is its own sealed file); reads whose images are gone
/// are kept and counted. <c>repair.pending</c> makes it resumable: a repair cut short is finished
/// by the next open. The report is left in <c>repair-report.json</c> until the store has audited it.
/// </summary>
internal static class StoreRepair
{
    public const string ReportFile = "repair-report.json";

    private const string Work = "repairing";

    private static readonly string[] Moved = [StoreCollections.DataFile, StoreCollections.LogFile, StoreManifest.FileName];

    public static bool IsPending(string directory) => File.Exists(RepairPending.PathIn(directory));

    /// <summary>
    /// Repairs (or finishes repairing) the store. <paramref name="writesInFlight"/>: the store is
    /// open and a batch's images may already be written for reads not yet committed, so images no
    /// salvaged read refers to are left where they are rather than quarantined.
    /// </summary>
    public static StoreRepairReport Run(
        string directory,
        StoreKeys keys,
        string cause,
        TimeProvider time,
        ILogger logger,
        bool writesInFlight = false
    )
    {
        RepairPending? pending = RepairPending.Load(directory);
        if (pending is null)
        {
            pending = new RepairPending(Quarantine.NewFolder(directory, "repair", time), cause, Built: false);
            pending.Save(directory);
            FileSync.Directory(directory);
        }

        logger.LogError(
            "The store at {Directory} is damaged ({Cause}): repairing it; the damaged files go to {Quarantine}",
            directory,
            pending.Cause,
            pending.Quarantine
        );
        if (!pending.Built)
        {
            foreach (string file in Moved)
            {
                string from = Path.Combine(directory, file);
                if (File.Exists(from))
                {
                    File.Move(from, Path.Combine(pending.Quarantine, file), overwrite: false);
                }
            }

            FileSync.Directory(pending.Quarantine);
            FileSync.Directory(directory);
            Build(directory, pending, keys, time, writesInFlight);
            pending = pending with { Built = true };
            pending.Save(directory);
        }

        string work = Path.Combine(directory, Work);
        foreach (string file in Moved.Append(ReportFile))
        {
            string from = Path.Combine(work, file);
            if (File.Exists(from))
            {
                File.Move(from, Path.Combine(directory, file), overwrite: true);
            }
        }

        FileSync.Directory(directory);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        File.Delete(RepairPending.PathIn(directory));
        FileSync.Directory(directory);
        StoreRepairReport report = LoadReport(directory)!;
        logger.LogError(
            "Repaired the store at {Directory}: salvaged {Reads} reads, {Hits} hits, {Audit} audit events; {LostPages} pages and {LostRecords} records lost; {Images} images missing or damaged",
            directory,
            report.SalvagedReads,
            report.SalvagedHits,
            report.SalvagedAuditEvents,
            report.LostPages,
            report.LostRecords,
            report.ImagesMissingOrDamaged
        );
        return report;
    }

    /// <summary>The report of a repair not yet audited, or null.</summary>
    public static StoreRepairReport? LoadReport(string directory)
    {
        string path = Path.Combine(directory, ReportFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<StoreRepairReport>(File.ReadAllBytes(path)) : null;
    }

    private static void Build(string directory, RepairPending pending, StoreKeys keys, TimeProvider time, bool writesInFlight)
    {
        string work = Path.Combine(directory, Work);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        FolderPermissions.CreateOwnerOnly(work);
        ManifestState? remembered = RememberedManifest(pending.Quarantine, keys);
        var problems = new List<string>();
        SalvageResult salvage;
        using (
            SealedPageStream? data = OpenDamaged(
                pending.Quarantine,
                StoreCollections.DataFile,
                SealedFileKind.Data,
                keys,
                remembered?.DataFileId,
                problems
            )
        )
        using (
            SealedPageStream? log = OpenDamaged(
                pending.Quarantine,
                StoreCollections.LogFile,
                SealedFileKind.Log,
                keys,
                remembered?.LogFileId,
                problems
            )
        )
        {
            IPageSource dataPages = data is null
                ? new LostPageSource(PagesOf(pending.Quarantine, StoreCollections.DataFile), "the file's header is lost")
                : new SealedPageSource(data);
            IPageSource? logPages = log is null ? null : new SealedPageSource(log);
            salvage = new LiteDbSalvageReader(dataPages, logPages).Read();
        }

        problems.AddRange(salvage.Problems.Take(200).Select(p => p.ToString()));
        if (salvage.Problems.Count > 200)
        {
            problems.Add($"… and {salvage.Problems.Count - 200} more");
        }

        var images = new ImageStore(Path.Combine(directory, StoreCollections.ImageFolder), keys);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long imagesLost = 0;
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        using (StoreDatabase fresh = StoreDatabase.Open(work, keys, create: true, long.MaxValue))
        {
            LiteDatabase db = fresh.Db;
            db.BeginTrans();
            foreach (SalvagedCollection collection in salvage.Collections.Values)
            {
                string? name = collection.NamedInHeader ? collection.Name : CollectionNames.Guess(collection.Documents) ?? collection.Name;
                ILiteCollection<BsonDocument> target = db.GetCollection(name);
                foreach (BsonDocument doc in collection.Documents)
                {
                    if (target.FindById(doc["_id"]) is null)
                    {
                        target.Insert(doc);
                        counts[name] = counts.GetValueOrDefault(name) + 1;
                    }
                }
            }

            foreach (BsonDocument read in db.GetCollection(StoreCollections.Reads).FindAll())
            {
                if (read["images_dropped_at"].IsDateTime)
                {
                    continue;
                }

                foreach (StoredImage image in StoreDocuments.Images(read))
                {
                    referenced.Add(images.NameOf(image.Sha256));
                    if (!File.Exists(images.PathOf(image.Sha256)) || images.TryHash(images.NameOf(image.Sha256), out _) != image.Sha256)
                    {
                        imagesLost++;
                    }
                }
            }

            RelinkAuditHead(db);
            CommitState previous = CommitState.Load(db) ?? new CommitState(Guid.Empty, 0, 0);
            var state = new CommitState(Guid.NewGuid(), 0, Math.Max(previous.ReadsStored, counts.GetValueOrDefault(StoreCollections.Reads)));
            fresh.CommitFresh(state, work, keys, time.GetUtcNow());
        }

        long quarantinedImages = writesInFlight ? 0 : QuarantineUnreferencedImages(images, referenced, pending.Quarantine);
        var report = new StoreRepairReport(
            pending.Cause,
            pending.Quarantine,
            counts.GetValueOrDefault(StoreCollections.Reads),
            counts.GetValueOrDefault(StoreCollections.Hits),
            counts.GetValueOrDefault(StoreCollections.Dispositions),
            counts.GetValueOrDefault(StoreCollections.Audit),
            counts.Values.Sum(),
            salvage.LostPages,
            salvage.LostDocuments,
            imagesLost,
            problems,
            time.GetUtcNow()
        )
        {
            ImagesQuarantined = quarantinedImages,
        };
        DurableFile.Write(Path.Combine(work, ReportFile), JsonSerializer.SerializeToUtf8Bytes(report));
        FileSync.Directory(work);
    }

    /// <summary>
    /// Images no salvaged read refers to belonged to reads whose records were lost: they are moved
    /// into the quarantine (still sealed) rather than left for the orphan purge to delete.
    /// </summary>
    private static long QuarantineUnreferencedImages(ImageStore images, HashSet<string> referenced, string quarantine)
    {
        long moved = 0;
        foreach (FileInfo file in images.Files().ToList())
        {
            if (referenced.Contains(file.Name) || file.Directory is null)
            {
                continue;
            }

            string target = Path.Combine(quarantine, StoreCollections.ImageFolder, file.Directory.Name, file.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file.FullName, target, overwrite: true);
            moved++;
        }

        if (moved > 0)
        {
            FileSync.Directory(quarantine);
        }

        return moved;
    }

    /// <summary>
    /// The chain goes on from the newest event salvaged, or from the head the database remembered
    /// when that is newer (events at the end were lost: the audit verification then reports them missing).
    /// </summary>
    private static void RelinkAuditHead(LiteDatabase db)
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        (long headSeq, _) = CommitState.AuditHead(db);
        BsonDocument? last = db.GetCollection(StoreCollections.Audit).Find(Query.All(Query.Descending), limit: 1).FirstOrDefault();
        if (last is not null && last["_id"].AsInt64 >= headSeq)
        {
            meta.Upsert(
                new BsonDocument
                {
                    ["_id"] = AuditLogRepository.AuditHead,
                    ["seq"] = last["_id"].AsInt64,
                    ["hash"] = last["hash"].AsString,
                }
            );
        }
    }

    private static ManifestState? RememberedManifest(string folder, StoreKeys keys)
    {
        if (!StoreManifest.Exists(folder))
        {
            return null;
        }

        using StoreManifest manifest = StoreManifest.Open(folder, keys);
        return manifest.Current;
    }

    private static SealedPageStream? OpenDamaged(
        string folder,
        string file,
        SealedFileKind kind,
        StoreKeys keys,
        string? rememberedId,
        List<string> problems
    )
    {
        string path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            problems.Add($"{file}: missing");
            return null;
        }

        try
        {
            return SealedPageStream.Open(path, FileMode.Open, kind, keys);
        }
        catch (StoreDamagedException ex) when (rememberedId is not null)
        {
            problems.Add($"{ex.Message}; read with the file id the manifest remembers");
            return SealedPageStream.Open(path, FileMode.Open, kind, keys, knownId: Convert.FromHexString(rememberedId));
        }
        catch (StoreDamagedException ex)
        {
            problems.Add($"{ex.Message}; no manifest remembers its id, so none of its pages can be read");
            return null;
        }
    }

    private static int PagesOf(string folder, string file)
    {
        var info = new FileInfo(Path.Combine(folder, file));
        return info.Exists ? (int)Math.Max(0, (info.Length - SealedFileHeader.Size) / SealedPageStream.PhysicalPageSize) : 0;
    }
}
