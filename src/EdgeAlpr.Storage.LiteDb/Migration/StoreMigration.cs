using EdgeAlpr.Application.Evidence;
using EdgeAlpr.FileSystem;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>
/// Moves a store made before sealing (LiteDB's own AES-ECB encryption, images as plain files named
/// by their SHA-256) to the sealed format, on first open. Everything is copied into
/// <c>migrating/</c> first and checked; only then are the new files put in place and the old ones
/// removed. A crash at any point resumes or restarts it on the next open; the old store is never
/// touched until the new one is whole. Images whose bytes no longer match their name are not
/// sealed as evidence: they are kept in <c>quarantine/</c> and reported.
/// </summary>
internal static class StoreMigration
{
    private const string Folder = "migrating";
    private const string Ready = "ready";
    private const string LegacyPrefix = "legacy-";

    /// <summary>Migrates the store in <paramref name="directory"/> if it is in the old format; null when it is not.</summary>
    public static MigrationReport? Run(string directory, StoreKey key, StoreKeys keys, TimeProvider time, ILogger logger)
    {
        string work = Path.Combine(directory, Folder);
        string data = Path.Combine(directory, StoreCollections.DataFile);
        if (File.Exists(Path.Combine(work, Ready)))
        {
            MigrationReport resumed = MigrationReport.Load(Path.Combine(work, Ready));
            Switch(directory, work, time);
            return resumed;
        }

        if (Directory.Exists(work))
        {
            // Cut short before it was whole: the old store is untouched; start again.
            Directory.Delete(work, recursive: true);
        }

        if (!File.Exists(data) || new FileInfo(data).Length == 0 || IsSealed(data))
        {
            return null;
        }

        logger.LogWarning("The store at {Directory} is in the old format (LiteDB AES-ECB, plain images): sealing it now", directory);
        FolderPermissions.CreateOwnerOnly(work);
        MigrationReport report;
        try
        {
            report = Copy(directory, work, key, keys, time);
        }
        catch
        {
            // The old store was only read: leave it exactly as it was (a wrong key, a full disk).
            Directory.Delete(work, recursive: true);
            throw;
        }

        DurableFile.Write(Path.Combine(work, Ready), report.ToJson());
        FileSync.Directory(work);
        Switch(directory, work, time);
        logger.LogWarning(
            "Sealed the store at {Directory}: {Reads} reads, {Documents} records and {Images} images; {Damaged} damaged images kept in quarantine",
            directory,
            report.Reads,
            report.Documents,
            report.Images,
            report.DamagedImages.Count
        );
        return report;
    }

    /// <summary>True when the file starts with the sealed page file magic.</summary>
    public static bool IsSealed(string path)
    {
        byte[] start = new byte[16];
        using FileStream file = File.OpenRead(path);
        int read = file.Read(start);
        return SealedFileHeader.HasMagic(start.AsSpan(0, read));
    }

    private static MigrationReport Copy(string directory, string work, StoreKey key, StoreKeys keys, TimeProvider time)
    {
        long documents = 0,
            reads = 0;
        var shas = new HashSet<string>(StringComparer.Ordinal);
        LiteDatabase legacy;
        try
        {
            legacy = new LiteDatabase(
                new ConnectionString
                {
                    Filename = Path.Combine(directory, StoreCollections.DataFile),
                    Password = key.Secret,
                    Connection = ConnectionType.Direct,
                }
            );
        }
        catch (LiteException ex) when (ex.ErrorCode == 217 || ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreKeyException($"the {key} does not open the store at {directory} (wrong key?); nothing was changed", ex);
        }

        using (legacy)
        using (StoreDatabase sealedDb = StoreDatabase.Open(work, keys, create: true, long.MaxValue))
        {
            LiteDatabase target = sealedDb.Db;
            target.BeginTrans();
            foreach (string name in legacy.GetCollectionNames())
            {
                ILiteCollection<BsonDocument> to = target.GetCollection(name);
                foreach (BsonDocument doc in legacy.GetCollection(name).FindAll())
                {
                    to.Insert(doc);
                    documents++;
                    if (name == StoreCollections.Reads)
                    {
                        reads++;
                        foreach (StoredImage image in StoreDocuments.Images(doc))
                        {
                            shas.Add(image.Sha256);
                        }
                    }
                }
            }

            sealedDb.CommitFresh(new CommitState(Guid.NewGuid(), 0, reads), work, keys, time.GetUtcNow());
        }

        (long images, List<string> damaged) = SealImages(
            Path.Combine(directory, StoreCollections.ImageFolder),
            Path.Combine(work, StoreCollections.ImageFolder),
            keys,
            shas
        );
        return new MigrationReport(reads, documents, images, damaged, time.GetUtcNow());
    }

    /// <summary>Seals every old image whose bytes match its name (referenced or not) into the new folder; lists those that do not.</summary>
    private static (long Sealed, List<string> Damaged) SealImages(string from, string to, StoreKeys keys, HashSet<string> referenced)
    {
        var images = new ImageStore(to, keys);
        images.Initialize();
        long count = 0;
        var damaged = new List<string>();
        if (!Directory.Exists(from))
        {
            return (0, damaged);
        }

        foreach (string path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(path);
            byte[] bytes = File.ReadAllBytes(path);
            if (ImageStore.IsValidName(name) && ImageStore.Hash(bytes) == name)
            {
                images.PutOne(name, bytes);
                count++;
            }
            else if (referenced.Contains(name) || bytes.Length > 0)
            {
                damaged.Add(Path.GetRelativePath(from, path));
            }
        }

        return (count, damaged);
    }

    /// <summary>Puts the new files in place and removes the old; each step is skipped when already done, so it can resume.</summary>
    private static void Switch(string directory, string work, TimeProvider time)
    {
        string images = Path.Combine(directory, StoreCollections.ImageFolder);
        string newImages = Path.Combine(work, StoreCollections.ImageFolder);
        if (Directory.Exists(newImages))
        {
            if (Directory.Exists(images))
            {
                Directory.Move(images, Path.Combine(work, LegacyPrefix + StoreCollections.ImageFolder));
            }

            Directory.Move(newImages, images);
        }

        foreach (string file in new[] { StoreCollections.DataFile, StoreCollections.LogFile, StoreManifest.FileName })
        {
            string fresh = Path.Combine(work, file);
            string current = Path.Combine(directory, file);
            if (!File.Exists(fresh))
            {
                continue;
            }

            if (File.Exists(current))
            {
                File.Move(current, Path.Combine(work, LegacyPrefix + file), overwrite: true);
            }

            File.Move(fresh, current);
        }

        FileSync.Directory(directory);
        MigrationReport report = MigrationReport.Load(Path.Combine(work, Ready));
        string legacyImages = Path.Combine(work, LegacyPrefix + StoreCollections.ImageFolder);
        if (report.DamagedImages.Count > 0 && Directory.Exists(legacyImages))
        {
            string quarantine = Quarantine.NewFolder(directory, "migration", time);
            foreach (string relative in report.DamagedImages)
            {
                string source = Path.Combine(legacyImages, relative);
                if (File.Exists(source))
                {
                    string target = Path.Combine(quarantine, StoreCollections.ImageFolder, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Move(source, target);
                }
            }

            FileSync.Directory(quarantine);
        }

        // The old files are the weak encryption and plain images this replaces: they go.
        Directory.Delete(work, recursive: true);
        FileSync.Directory(directory);
    }
}
