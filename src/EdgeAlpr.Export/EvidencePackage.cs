using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Export;

/// <summary>
/// Writes and opens evidence packages. A package is a clear-text header (format, cipher, KDF
/// parameters, never content) followed by a ZIP archive sealed in AES-256-GCM chunks. The
/// archive holds the files given, unchanged, and <c>manifest.sha256</c> over all of them.
/// </summary>
public static class EvidencePackage
{
    /// <summary>The most a package's decrypted archive, or any one file in it, may hold.</summary>
    public const long MaxOpenBytes = 4L << 30;

    /// <summary>
    /// The most all the files of a package may declare together, unless the opener says otherwise: a
    /// package of a case's reads and images is megabytes to a few hundred; a small package that would
    /// unpack to gigabytes is a decompression bomb.
    /// </summary>
    public const long DefaultMaxTotalBytes = 4L << 30;
    private const int MaxEntries = 100_000;

    // Evidence is images stored as they are plus JSON and text, which deflate ten times at most; the allowance covers tiny packages.
    private const long MaxExpansion = 100;
    private const long ExpansionAllowance = 16L << 20;

    /// <summary>
    /// Seals <paramref name="files"/> into a new package at <paramref name="path"/> (mode 0600;
    /// an existing file is never replaced).
    /// </summary>
    public static PackageReceipt Write(
        string path,
        IReadOnlyList<PackageFile> files,
        PackageSecret secret,
        DateTimeOffset createdAt,
        int chunkBytes = PackageHeader.DefaultChunkBytes
    )
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(secret);
        var listed = new List<OpenedFile>(files.Count);
        foreach (PackageFile f in files)
        {
            string? problem = f.Path == PackageManifest.FileName ? "it is the manifest's name" : SafePathProblem(f.Path);
            if (problem is not null)
            {
                throw new ArgumentException($"'{f.Path}' cannot be a package path: {problem}", nameof(files));
            }

            listed.Add(new OpenedFile(f.Path, f.Bytes.Length, PackageManifest.Sha256(f.Bytes.Span)));
        }

        if (listed.DistinctBy(f => f.Path).Count() != listed.Count)
        {
            throw new ArgumentException("two files have the same path", nameof(files));
        }

        (string id, string keyKind, string? keyText) = SealArchive(path, secret, createdAt, chunkBytes, sealing =>
        {
            using var zip = new ZipArchive(sealing, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
            foreach (PackageFile f in files)
            {
                Add(zip, f.Path, f.Bytes.Span);
            }

            Add(zip, PackageManifest.FileName, PackageManifest.Write(listed));
        });
        using FileStream written = File.OpenRead(path);
        return new PackageReceipt(id, path, Convert.ToHexStringLower(SHA256.HashData(written)), written.Length, keyKind, listed)
        {
            KeyText = keyText,
        };
    }

    /// <summary>
    /// Seals the ZIP archive <paramref name="fill"/> writes (to the stream it is given) into a new package at <paramref name="path"/>
    /// (mode 0600, never over a file; a half-written one is deleted). The tests seal hostile archives
    /// with it, as anyone holding a recipient's key could.
    /// </summary>
    internal static (string Id, string KeyKind, string? KeyText) SealArchive(
        string path,
        PackageSecret secret,
        DateTimeOffset createdAt,
        int chunkBytes,
        Action<Stream> fill
    )
    {
        byte[] salt = RandomNumberGenerator.GetBytes(PackageKey.SaltBytes);
        using PackageKey key =
            secret.Passphrase is { } passphrase ? PackageKey.FromPassphrase(passphrase, salt)
            : secret.KeyText is { } text ? PackageKey.FromText(text)
            : PackageKey.Random();
        string id = Guid.CreateVersion7(createdAt).ToString();
        var header = new PackageHeader(
            PackageHeader.CurrentFormat,
            PackageHeader.Aes256Gcm,
            chunkBytes,
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(ChunkNonce.PrefixBytes)),
            secret.Passphrase is null ? PackageHeader.NoKdf : PackageHeader.Pbkdf2,
            secret.Passphrase is null ? null : PackageKey.Iterations,
            secret.Passphrase is null ? null : Convert.ToBase64String(salt),
            Convert.ToBase64String(key.Check()),
            id,
            createdAt
        );
        byte[] raw = header.Encode();
        FileStreamOptions options = OwnerOnlyFile.New(FileAccess.Write);
        bool created = false;
        try
        {
            using (var file = new FileStream(path, options))
            {
                created = true;
                file.Write(raw);
                using (var aes = new AesGcm(key.Bytes, ChunkNonce.TagBytes))
                using (var sealing = new SealingStream(file, aes, PackageHeader.Decoded(header.NoncePrefix), raw, chunkBytes))
                {
                    fill(sealing);
                }

                file.Flush(flushToDisk: true);
            }
        }
        catch when (created)
        {
            // A half-written package is no package: it never stays behind.
            TryDelete(path);
            throw;
        }

        return (id, key.Kind, secret.Passphrase is null && secret.KeyText is null ? key.ToText() : null);
    }

    /// <summary>
    /// Checks and opens a package into <paramref name="outputDirectory"/> (which must not exist or
    /// be empty) with the default limit on what it unpacks (<see cref="DefaultMaxTotalBytes"/>).
    /// </summary>
    public static OpenedPackage Open(string path, PackageSecret secret, string outputDirectory, CancellationToken cancellationToken = default) =>
        Open(path, secret, outputDirectory, DefaultMaxTotalBytes, cancellationToken);

    /// <summary>
    /// Checks and opens a package into <paramref name="outputDirectory"/> (which must not exist or
    /// be empty): every chunk's tag, the total its files declare (at most <paramref name="maxTotalBytes"/>
    /// and the output volume's free space, before any file is written), every entry's path, every file
    /// against the manifest, and every image against the capture hash in its metadata. It all happens in
    /// a private (0700) folder beside the output, moved into place only when every check passed; on any
    /// failure that folder is deleted and nothing appears at <paramref name="outputDirectory"/>.
    /// </summary>
    public static OpenedPackage Open(
        string path,
        PackageSecret secret,
        string outputDirectory,
        long maxTotalBytes,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTotalBytes);
        if (!File.Exists(path))
        {
            throw new ExportPackageException($"no package at {path}");
        }

        if (Directory.Exists(outputDirectory) && Directory.EnumerateFileSystemEntries(outputDirectory).Any())
        {
            throw new ExportPackageException($"{outputDirectory} is not empty; open the package into a new folder");
        }

        using FileStream input = File.OpenRead(path);
        (PackageHeader header, byte[] raw) = PackageHeader.Read(input);
        using PackageKey key = KeyFor(header, secret);
        if (!CryptographicOperations.FixedTimeEquals(key.Check(), PackageHeader.Decoded(header.KeyCheck)))
        {
            throw new ExportPackageException(header.Kdf == PackageHeader.Pbkdf2 ? "wrong passphrase for this package" : "wrong key for this package")
            {
                WrongKey = true,
            };
        }

        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        string parent = Path.GetDirectoryName(target) ?? throw new ExportPackageException($"{outputDirectory} cannot be opened into");
        FolderPermissions.CreateOwnerOnly(parent);

        // The clear archive is no larger than the package: the volume must hold that before a chunk is opened.
        OutputSpace.Require(parent, input.Length - input.Position, "the package's decrypted archive");
        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.opening-{Guid.NewGuid():N}");
        FolderPermissions.CreateOwnerOnly(staging);
        try
        {
            string contents = Path.Combine(staging, "contents");
            OpenedPackage opened;
            using (
                var archive = new FileStream(Path.Combine(staging, "archive.zip"), OwnerOnlyFile.New(FileAccess.ReadWrite, FileOptions.DeleteOnClose))
            )
            {
                using (var aes = new AesGcm(key.Bytes, ChunkNonce.TagBytes))
                {
                    ChunkOpener.Open(
                        input,
                        archive,
                        aes,
                        PackageHeader.Decoded(header.NoncePrefix),
                        raw,
                        header.ChunkBytes,
                        MaxOpenBytes,
                        cancellationToken
                    );
                }

                archive.Position = 0;
                IReadOnlyList<OpenedFile> files = Extract(archive, contents, maxTotalBytes, parent, cancellationToken);
                OpenedEvidence evidence = EvidenceMetadataCheck.Check(contents, files);
                opened = new OpenedPackage(
                    header.PackageId,
                    header.CreatedAt,
                    header.Kdf == PackageHeader.Pbkdf2 ? "passphrase" : "random",
                    files,
                    evidence
                );
            }

            // Only now does anything appear where the recipient looks; an empty folder given is replaced (it fails if one appeared meanwhile).
            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(contents, target);
            return opened;
        }
        finally
        {
            TryDeleteFolder(staging);
        }
    }

    /// <summary>Why a path cannot be in a package (absolute, climbing out, odd characters), or null.</summary>
    public static string? SafePathProblem(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 200)
        {
            return "empty or longer than 200 characters";
        }

        if (!path.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
        {
            return "only letters, digits, '.', '-', '_' and '/' may appear";
        }

        return path.StartsWith('/') || path.Split('/').Any(part => part is "" or "." or "..")
            ? "it is absolute or has an empty, '.' or '..' part"
            : null;
    }

    private static PackageKey KeyFor(PackageHeader header, PackageSecret secret)
    {
        if (header.Kdf == PackageHeader.Pbkdf2)
        {
            return secret.Passphrase is { } passphrase
                ? PackageKey.FromPassphrase(passphrase, PackageHeader.Decoded(header.Salt), header.Iterations!.Value)
                : throw new ExportPackageException("this package was sealed with a passphrase; give the passphrase, not a key") { WrongKey = true };
        }

        return secret.KeyText is { } text
            ? PackageKey.FromText(text)
            : throw new ExportPackageException("this package was sealed with a random key; give the key printed when it was made")
            {
                WrongKey = true,
            };
    }

    private static void Add(ZipArchive zip, string path, ReadOnlySpan<byte> bytes)
    {
        // Images are already compressed; deflating them again costs time on the board for nothing.
        bool text =
            path.EndsWith(".json", StringComparison.Ordinal)
            || path.EndsWith(".txt", StringComparison.Ordinal)
            || path.EndsWith(".sha256", StringComparison.Ordinal);
        ZipArchiveEntry entry = zip.CreateEntry(path, text ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
        entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using Stream stream = entry.Open();
        stream.Write(bytes);
    }

    private static List<OpenedFile> Extract(
        Stream archive,
        string outputDirectory,
        long maxTotalBytes,
        string volume,
        CancellationToken cancellationToken
    )
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new ExportPackageException($"the package's contents are not a valid archive: {ex.Message}", ex);
        }

        using (zip)
        {
            if (zip.Entries.Count > MaxEntries)
            {
                throw new ExportPackageException($"the package has {zip.Entries.Count} entries, more than {MaxEntries}");
            }

            // What the entries declare is known before any is unpacked: refuse a bomb or a full disk then, not midway.
            long declared = 0;
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.Length > MaxOpenBytes)
                {
                    throw new ExportPackageException($"'{entry.FullName}' declares {entry.Length} bytes, more than {MaxOpenBytes}");
                }

                declared += entry.Length;
            }

            if (declared > maxTotalBytes)
            {
                throw new ExportPackageException(
                    $"the package's files declare {declared} bytes in all, more than the {maxTotalBytes} allowed (--max-bytes); nothing was written"
                );
            }

            OutputSpace.Require(volume, declared, "the package's files");

            // Images are stored as they are and text deflates a few times over: far more than that is a bomb, whatever the limit.
            if (declared > (MaxExpansion * archive.Length) + ExpansionAllowance)
            {
                throw new ExportPackageException(
                    $"the package's files declare {declared} bytes in all, {declared / Math.Max(1, archive.Length)} times its {archive.Length}-byte archive; an evidence package expands at most {MaxExpansion} times (a decompression bomb?); nothing was written"
                );
            }

            FolderPermissions.CreateOwnerOnly(outputDirectory);
            ZipArchiveEntry manifestEntry = zip.GetEntry(PackageManifest.FileName) ?? throw new ExportPackageException("the package has no manifest");
            Dictionary<string, string> manifest = PackageManifest.Read(ReadText(manifestEntry));
            var opened = new List<OpenedFile>();
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (SafePathProblem(entry.FullName) is { } problem)
                {
                    throw new ExportPackageException($"the package holds an unsafe path '{entry.FullName}': {problem}");
                }

                string target = Path.Combine(outputDirectory, entry.FullName);
                FolderPermissions.CreateOwnerOnly(Path.GetDirectoryName(target)!);
                string sha;
                long length;
                try
                {
                    using Stream from = entry.Open();
                    using var to = new FileStream(target, OwnerOnlyFile.New(FileAccess.Write));
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    byte[] buffer = new byte[81920];
                    length = 0;
                    for (int n; (n = from.Read(buffer)) > 0; )
                    {
                        length += n;
                        if (length > entry.Length)
                        {
                            // A size checked above must hold: an entry that unpacks to more than it declared is refused.
                            throw new ExportPackageException($"'{entry.FullName}' unpacks to more than the {entry.Length} bytes it declares");
                        }

                        hash.AppendData(buffer, 0, n);
                        to.Write(buffer, 0, n);
                    }

                    sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                }
                catch (InvalidDataException ex)
                {
                    throw new ExportPackageException($"'{entry.FullName}' in the package is damaged: {ex.Message}", ex);
                }

                if (entry.FullName == PackageManifest.FileName)
                {
                    continue;
                }

                if (!manifest.Remove(entry.FullName, out string? listed))
                {
                    throw new ExportPackageException($"'{entry.FullName}' is in the package but not in its manifest");
                }

                if (listed != sha)
                {
                    throw new ExportPackageException($"'{entry.FullName}' does not match its manifest hash");
                }

                opened.Add(new OpenedFile(entry.FullName, length, sha));
            }

            return manifest.Count == 0
                ? opened
                : throw new ExportPackageException($"the manifest lists '{manifest.Keys.First()}', which is not in the package");
        }
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        if (entry.Length > 16 << 20)
        {
            throw new ExportPackageException("the manifest is larger than 16 MiB");
        }

        try
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException ex)
        {
            throw new ExportPackageException($"the manifest is damaged: {ex.Message}", ex);
        }
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Owner-only and named as unfinished; the caller gets the original error.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do: the caller gets the original error.
        }
    }
}
