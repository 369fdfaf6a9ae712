using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage;

/// <summary>
/// Evidence images by content, sealed (<see cref="ImageSeal"/>): each file is named by a keyed
/// hash of the SHA-256 of its exact bytes (under a folder named by the name's first two hex
/// digits), written once, made read-only, and opened and checked against that SHA-256 whenever it
/// is read. Identical bytes (the same scene image of two plates) are kept once.
/// </summary>
internal sealed class ImageStore
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead;

    private readonly ImageSeal _seal;

    public ImageStore(string root, StoreKeys keys)
    {
        Root = root;
        _seal = new ImageSeal(keys);
    }

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

    /// <summary>Where the image with this SHA-256 is kept (its file name is keyed: see <see cref="ImageSeal.NameOf"/>).</summary>
    public string PathOf(string sha256) => PathOfName(_seal.NameOf(sha256));

    public string NameOf(string sha256) => _seal.NameOf(sha256);

    public string PathOfName(string name) => Path.Combine(Root, name[..2], name);

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

        return (missing.Sum(i => (long)i.Bytes.Length + ImageSeal.Overhead), missing.Count);
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The image's bytes, opened and checked against the SHA-256 taken at capture.</summary>
    public byte[] Read(string sha256)
    {
        string name = _seal.NameOf(sha256);
        byte[]? bytes = _seal.TryOpen(name, File.ReadAllBytes(PathOfName(name)), out string? problem);
        if (bytes is null)
        {
            throw CorruptImageException.Unreadable(sha256, problem!);
        }

        string actual = Hash(bytes);
        return actual == sha256 ? bytes : throw new CorruptImageException(sha256, actual);
    }

    /// <summary>
    /// Opens the file named <paramref name="name"/> and checks it: the SHA-256 of its original bytes,
    /// or null with what is wrong (it does not open, or its bytes are not those its name was made from).
    /// </summary>
    public string? TryHash(string name, out string? problem)
    {
        byte[]? bytes = _seal.TryOpen(name, File.ReadAllBytes(PathOfName(name)), out problem);
        if (bytes is null)
        {
            return null;
        }

        string sha256 = Hash(bytes);
        if (_seal.NameOf(sha256) != name)
        {
            problem = "the file opens, but its bytes are not those its name was made from";
            return null;
        }

        return sha256;
    }

    /// <summary>Seals and writes an image under its keyed name, durably and atomically (migration and repair).</summary>
    public void PutOne(string sha256, ReadOnlySpan<byte> bytes)
    {
        string name = _seal.NameOf(sha256);
        string path = PathOfName(name);
        if (File.Exists(path) && TryHash(name, out _) == sha256)
        {
            return;
        }

        if (File.Exists(path) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        DurableFile.Write(path, _seal.Seal(name, bytes));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, ReadOnly);
        }
    }

    /// <summary>Deletes an image; returns the bytes freed (0 when it was not there).</summary>
    public long Delete(string sha256) => DeleteName(_seal.NameOf(sha256));

    /// <summary>Deletes an image file by its name; returns the bytes freed (0 when it was not there).</summary>
    public long DeleteName(string name)
    {
        var file = new FileInfo(PathOfName(name));
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
        foreach (string fan in sha256s.Select(s => _seal.NameOf(s)[..2]).Distinct(StringComparer.Ordinal))
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
        return file.Exists && file.Length == image.Bytes.Length + ImageSeal.Overhead;
    }

    /// <summary>Writes the image and starts its writeback; returns the open file to fsync, or null when already durable.</summary>
    private FileStream? Begin(EvidenceImage image)
    {
        string name = _seal.NameOf(image.Sha256);
        string path = PathOfName(name);
        byte[] sealedBytes = _seal.Seal(name, image.Bytes);
        if (File.Exists(path))
        {
            // A crash cut this copy short: replace it atomically with a whole one.
            DurableFile.Write(path, sealedBytes);
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
            file.Write(sealedBytes);
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
