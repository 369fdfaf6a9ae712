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
    public const long MaxOpenBytes = 4L << 30;
    private const int MaxEntries = 100_000;

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
                using (var zip = new ZipArchive(sealing, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
                {
                    foreach (PackageFile f in files)
                    {
                        Add(zip, f.Path, f.Bytes.Span);
                    }

                    Add(zip, PackageManifest.FileName, PackageManifest.Write(listed));
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

        using FileStream written = File.OpenRead(path);
        return new PackageReceipt(id, path, Convert.ToHexStringLower(SHA256.HashData(written)), written.Length, key.Kind, listed)
        {
            KeyText = secret.Passphrase is null && secret.KeyText is null ? key.ToText() : null,
        };
    }

    /// <summary>
    /// Checks and opens a package into <paramref name="outputDirectory"/> (which must not exist or
    /// be empty): every chunk's tag, every entry's path, and every file against the manifest.
    /// Nothing is left in the folder when any check fails.
    /// </summary>
    public static OpenedPackage Open(string path, PackageSecret secret, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
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

        FolderPermissions.CreateOwnerOnly(outputDirectory);
        string clear = Path.Combine(outputDirectory, $".opening-{header.PackageId}.zip");
        try
        {
            using (var archive = new FileStream(clear, OwnerOnlyFile.New(FileAccess.ReadWrite, FileOptions.DeleteOnClose)))
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
                IReadOnlyList<OpenedFile> files = Extract(archive, outputDirectory, cancellationToken);
                return new OpenedPackage(header.PackageId, header.CreatedAt, header.Kdf == PackageHeader.Pbkdf2 ? "passphrase" : "random", files);
            }
        }
        catch
        {
            Directory.Delete(outputDirectory, recursive: true);
            throw;
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

    private static List<OpenedFile> Extract(Stream archive, string outputDirectory, CancellationToken cancellationToken)
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
                        if (length > MaxOpenBytes)
                        {
                            throw new ExportPackageException($"'{entry.FullName}' unpacks to more than {MaxOpenBytes} bytes");
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
