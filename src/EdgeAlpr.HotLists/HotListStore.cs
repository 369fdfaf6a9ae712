using System.Globalization;
using CsvHelper;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.HotLists;

/// <summary>
/// The accepted list on disk: the last full signed update verbatim, the signed deltas accepted
/// since (re-verified at start), the unit's local entries as CSV, and a binary copy of the built
/// list for a fast start. Every file is replaced atomically, so a power cut leaves the previous
/// good state.
/// </summary>
public sealed class HotListStore(string directory)
{
    public string Directory { get; } = directory;

    public string SnapshotPath => Path.Combine(Directory, "platform", "snapshot.hotlist");

    public string LocalPath => Path.Combine(Directory, "local.csv");

    /// <summary>The unit's own copy of the built list, for a fast start; stamped with what it was made from.</summary>
    public string CopyPath => Path.Combine(Directory, "snapshot.bin");

    /// <summary>Where updates being received are kept until applied or refused (<see cref="IncomingFile"/>).</summary>
    public string IncomingFolder => Path.Combine(Directory, "incoming");

    private string PlatformDirectory => Path.Combine(Directory, "platform");

    private string GenerationPath => Path.Combine(Directory, "generation");

    /// <summary>A new mark, written after every change, so each process can tell that another changed the list.</summary>
    public string WriteGeneration()
    {
        string generation = Guid.CreateVersion7().ToString("N");
        DurableFile.Write(GenerationPath, System.Text.Encoding.ASCII.GetBytes(generation));
        return generation;
    }

    public string? ReadGeneration() => File.Exists(GenerationPath) ? File.ReadAllText(GenerationPath).Trim() : null;

    public bool HasSnapshot => File.Exists(SnapshotPath);

    /// <summary>
    /// Removes updates left half received by a process that stopped; those written to in the last hour may still be
    /// being taken by another process and stay. Returns what could not be removed, with why.
    /// </summary>
    public List<(string Path, string Reason)> ClearIncoming(DateTimeOffset now)
    {
        var problems = new List<(string, string)>();
        if (!System.IO.Directory.Exists(IncomingFolder))
        {
            return problems;
        }

        foreach (string path in System.IO.Directory.EnumerateFiles(IncomingFolder, "*.part"))
        {
            try
            {
                if (now - File.GetLastWriteTimeUtc(path) > TimeSpan.FromHours(1))
                {
                    File.Delete(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add((path, ex.Message));
            }
        }

        return problems;
    }

    /// <summary>Accepted deltas, oldest first.</summary>
    public IReadOnlyList<string> DeltaPaths() =>
        !System.IO.Directory.Exists(PlatformDirectory)
            ? []
            : System.IO.Directory.GetFiles(PlatformDirectory, "delta-*.hotlist").Order(StringComparer.Ordinal).ToList();

    public void SaveFull(ReadOnlyMemory<byte> update)
    {
        DurableFile.Write(SnapshotPath, update);
        // The new snapshot supersedes every delta; a crash before this loop only leaves deltas that no longer apply.
        foreach (string delta in DeltaPaths())
        {
            DurableFile.Delete(delta);
        }
    }

    public void SaveDelta(long version, ReadOnlyMemory<byte> update) =>
        DurableFile.Write(Path.Combine(PlatformDirectory, $"delta-{version.ToString("D12", CultureInfo.InvariantCulture)}.hotlist"), update);

    public void SaveLocal(IEnumerable<HotListEntry> entries) => DurableFile.Write(LocalPath, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (string column in HotListFileReader.Columns.Skip(1))
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (HotListEntry e in entries)
            {
                csv.WriteField(e.Plate);
                csv.WriteField(e.State);
                csv.WriteField(HotListCategories.WireName(e.Category));
                csv.WriteField(e.Source);
                csv.WriteField(e.RecordNumber);
                csv.WriteField(e.Reason);
                csv.WriteField(e.Vehicle);
                csv.WriteField(e.EnteredBy);
                csv.WriteField(e.EnteredAt?.ToString("O", CultureInfo.InvariantCulture));
                csv.WriteField(e.Expires?.ToString("O", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }

            csv.Flush();
        });

    /// <summary>Holds the directory's lock file so two processes never interleave updates.</summary>
    public IDisposable Lock()
    {
        FolderPermissions.CreateOwnerOnly(Directory);
        string path = Path.Combine(Directory, ".lock");
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 300)
            {
                Thread.Sleep(100);
            }
            catch (IOException ex)
            {
                throw new HotListImportException(
                    $"another process has been updating the hot list in {Directory} for 30 s ({ex.Message}); try again",
                    code: HotListRefusal.Busy
                );
            }
        }
    }
}
