using EdgeAlpr.Application.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Storage;

// What can be done to a store that does not open: check its files, and repair it.
public sealed partial class EvidenceStore
{
    /// <summary>
    /// Checks the files of the store page by page (for a store that does not open): each file's
    /// header and every page, and the manifest; when all of them pass, the database is opened only
    /// to say why it still does not (older, younger or other than its manifest). One line per problem.
    /// </summary>
    public static IReadOnlyList<string> CheckFiles(StoreOptions options, StoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        string directory = Path.GetFullPath(options.Directory);
        using FileStream lockFile = TakeLock(directory);
        var problems = new List<string>();
        if (StoreRepair.IsPending(directory))
        {
            problems.Add($"a repair was cut short ({RepairPending.FileName}): the next open finishes it");
        }

        StoreKeys keys = StoreKeys.From(key);
        problems.AddRange(PageCheck.Files(directory, keys, cancellationToken));
        if (
            problems.Count == 0
            && OpenProblem(new Opening(options, directory, key, keys, TimeProvider.System, NullLogger.Instance, lockFile)) is { } problem
        )
        {
            // Every page authenticates, yet the database is not the one its manifest vouches for
            // (cut short, rolled back, from another store): that is why it does not open.
            problems.Add(problem);
        }

        return problems;
    }

    /// <summary>
    /// <c>store repair</c>: repairs the store when it does not open cleanly or any page fails (or
    /// always, with <paramref name="force"/>), then opens it once so the repair is audited. Null when
    /// there was nothing to repair.
    /// </summary>
    public static StoreRepairReport? Repair(StoreOptions options, StoreKey key, TimeProvider time, ILogger logger, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        string directory = Path.GetFullPath(options.Directory);
        if (!Directory.Exists(directory) || !File.Exists(Path.Combine(directory, StoreCollections.DataFile)) && !StoreRepair.IsPending(directory))
        {
            throw new StoreException($"no store at {directory}");
        }

        StoreKeys keys = StoreKeys.From(key);
        string? cause = force ? "a repair was asked for" : null;
        using (FileStream lockFile = TakeLock(directory))
        {
            if (StoreRepair.IsPending(directory))
            {
                cause = "an earlier repair was cut short";
            }
            else if (cause is null)
            {
                cause = PageCheck.Files(directory, keys).FirstOrDefault()
                    ?? OpenProblem(new Opening(options, directory, key, keys, time, logger, lockFile));
            }

            if (cause is null)
            {
                return null;
            }

            StoreRepair.Run(directory, keys, cause, time, logger);
        }

        // Opening audits the repair (store_repaired) and queues again what was never forwarded.
        StoreOptions open = new()
        {
            Directory = directory,
            KeyFile = options.KeyFile,
            KeyVariable = options.KeyVariable,
            CheckpointMegabytes = options.CheckpointMegabytes,
            MinFreeMegabytes = 0,
        };
        StoreRepairReport report = StoreRepair.LoadReport(directory)!;
        EvidenceStore store = Open(open, key, time, logger, create: false);
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return report;
    }

    /// <summary>What stops the store opening cleanly (damage, not a wrong key), or null when it opens.</summary>
    private static string? OpenProblem(Opening opening)
    {
        try
        {
            StoreSession session = OpenSession(opening, create: false);
            session.CloseDatabase();
            return null;
        }
        catch (StoreDamagedException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>True when both database files carry the sealed header and every image file starts as a sealed image.</summary>
    public static bool IsSealedAtRest(string directory)
    {
        string data = Path.Combine(directory, StoreCollections.DataFile);
        string log = Path.Combine(directory, StoreCollections.LogFile);
        if (!File.Exists(data) || !StoreMigration.IsSealed(data) || File.Exists(log) && new FileInfo(log).Length > 0 && !StoreMigration.IsSealed(log))
        {
            return false;
        }

        string images = Path.Combine(directory, StoreCollections.ImageFolder);
        if (!Directory.Exists(images))
        {
            return true;
        }

        Span<byte> start = stackalloc byte[16];
        foreach (string path in Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories))
        {
            using FileStream file = File.OpenRead(path);
            if (!ImageSeal.StartsLikeImage(start[..file.Read(start)]))
            {
                return false;
            }
        }

        return true;
    }

    private static FileStream TakeLock(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, StoreCollections.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreException($"the store at {directory} is in use by another process (the agent?): {ex.Message}", ex);
        }
    }
}
