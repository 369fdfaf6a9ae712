using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage;

/// <summary>
/// Evidence images by content: each file is named by the SHA-256 of its exact bytes (under a
/// folder named by the first two hex digits), written once, made read-only, and checked against
/// its name whenever it is read. Identical bytes (the same scene image of two plates) are kept once.
/// </summary>
internal sealed class ImageStore
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead;

    public ImageStore(string root) => Root = root;

    public string Root { get; }

    public static bool IsValidName(string name) => name.Length == 64 && name.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Creates the image folders once, durably, so writing an image never has to.</summary>
    public void Initialize()
    {
        bool created = false;
        for (int i = 0; i < 256; i++)
        {
            string fan = Path.Combine(Root, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            if (!Directory.Exists(fan))
            {
                Directory.CreateDirectory(fan);
                created = true;
            }
        }

        if (created)
        {
            FileSync.Directory(Root);
            FileSync.Directory(Path.GetDirectoryName(Root)!);
        }
    }

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256);

    /// <summary>
    /// Writes and fsyncs every image not already here; returns the bytes and files added. All
    /// files are written first with writeback started, then fsynced together on the workers, so
    /// the disk commits them as a group. An existing file of the wrong size (left by a crash
    /// mid-write) is replaced.
    /// </summary>
    public (long Bytes, int Files) PutAll(IReadOnlyList<EvidenceImage> images, SyncWorkers workers)
    {
        var distinct = new Dictionary<string, EvidenceImage>(images.Count, StringComparer.Ordinal);
        foreach (EvidenceImage image in images)
        {
            distinct.TryAdd(image.Sha256, image);
        }

        List<EvidenceImage> missing = distinct.Values.Where(i => !HasComplete(i)).ToList();
        var open = new List<FileStream>(missing.Count);
        try
        {
            foreach (EvidenceImage image in missing)
            {
                if (Begin(image) is { } file)
                {
                    open.Add(file);
                }
            }

            workers.RunAll(open, f => f.Flush(flushToDisk: true));
        }
        catch
        {
            // Partial files (disk full) must not look like kept images.
            foreach (FileStream file in open)
            {
                file.Dispose();
                File.Delete(file.Name);
            }

            throw;
        }

        foreach (FileStream file in open)
        {
            file.Dispose();
        }

        foreach (string fan in missing.Select(i => Path.GetDirectoryName(PathOf(i.Sha256))!).Distinct(StringComparer.Ordinal))
        {
            FileSync.Directory(fan);
        }

        return (missing.Sum(i => (long)i.Bytes.Length), missing.Count);
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The image's bytes, checked against its name.</summary>
    public byte[] Read(string sha256)
    {
        byte[] bytes = File.ReadAllBytes(PathOf(sha256));
        string actual = Hash(bytes);
        return actual == sha256 ? bytes : throw new CorruptImageException(sha256, actual);
    }

    /// <summary>The SHA-256 of the file's bytes as they are now, streamed (no whole-file buffer).</summary>
    public string HashOnDisk(string sha256)
    {
        using FileStream file = File.OpenRead(PathOf(sha256));
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Deletes an image; returns the bytes freed (0 when it was not there).</summary>
    public long Delete(string sha256)
    {
        var file = new FileInfo(PathOf(sha256));
        if (!file.Exists)
        {
            return 0;
        }

        long length = file.Length;
        file.Delete();
        return length;
    }

    /// <summary>Makes deletions in these fan-out folders durable.</summary>
    public void SyncFolders(IEnumerable<string> sha256s)
    {
        foreach (string fan in sha256s.Select(s => s[..2]).Distinct(StringComparer.Ordinal))
        {
            FileSync.Directory(Path.Combine(Root, fan));
        }
    }

    /// <summary>Every file in the image folders: its name, length and last write time.</summary>
    public IEnumerable<FileInfo> Files() => Directory.Exists(Root) ? new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories) : [];

    internal static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private bool HasComplete(EvidenceImage image)
    {
        var file = new FileInfo(PathOf(image.Sha256));
        return file.Exists && file.Length == image.Bytes.Length;
    }

    /// <summary>Writes the image and starts its writeback; returns the open file to fsync, or null when already durable.</summary>
    private FileStream? Begin(EvidenceImage image)
    {
        string path = PathOf(image.Sha256);
        if (File.Exists(path))
        {
            // A crash cut this copy short: replace it atomically with a whole one.
            DurableFile.Write(path, image.Bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, ReadOnly);
            }

            return null;
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ReadOnly;
        }

        var file = new FileStream(path, options);
        try
        {
            file.Write(image.Bytes);
            FileSync.StartWriteback(file.SafeFileHandle);
            return file;
        }
        catch
        {
            file.Dispose();
            File.Delete(path);
            throw;
        }
    }
}
