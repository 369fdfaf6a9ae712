using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace EdgeAlpr.Export.Tests;

/// <summary>
/// Packages made by someone holding the recipient's key, with the package's own sealing code: every
/// chunk and the manifest hold, the contents are hostile. Opening refuses each with a clear error and
/// leaves nothing behind: no output folder, no staging folder, no decrypted byte.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostilePackageTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple 2026";
    private readonly PackageFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("{}", "metadata.json has no 'reads' list")]
    [InlineData("null", "metadata.json has no 'reads' list")]
    [InlineData("not json at all", "metadata.json is not readable evidence metadata")]
    [InlineData("{\"reads\":[{\"images\":null}]}", "metadata.json: read 0 has no 'images' list")]
    [InlineData("{\"reads\":[{\"images\":[{\"role\":\"plate\"}]}]}", "an image of read 0 names no file or no capture SHA-256")]
    [InlineData(
        "{\"reads\":[{\"images\":[{\"file\":\"images/elsewhere.jpg\",\"sha256\":\"00\"}]}]}",
        "names 'images/elsewhere.jpg', which is not in the package"
    )]
    public void Metadata_that_is_not_evidence_metadata_opens_to_nothing(string metadata, string message)
    {
        List<PackageFile> files = PackageFolder.Files();
        files[1] = new PackageFile("metadata.json", Encoding.UTF8.GetBytes(metadata));

        ExportPackageException ex = OpenFails(files);

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_that_is_not_what_was_captured_opens_to_nothing()
    {
        List<PackageFile> files = PackageFolder.Files();
        string captured = Convert.ToHexStringLower(SHA256.HashData(files[2].Bytes.Span));
        files[1] = new PackageFile(
            "metadata.json",
            Encoding.UTF8.GetBytes($"{{\"reads\":[{{\"images\":[{{\"file\":\"images/read-1/plate.jpg\",\"sha256\":\"{captured}\"}}]}}]}}")
        );
        byte[] altered = files[2].Bytes.ToArray();
        altered[100] ^= 1;
        files[2] = files[2] with { Bytes = altered };

        ExportPackageException ex = OpenFails(files);

        Assert.Equal("'images/read-1/plate.jpg' does not match the SHA-256 its metadata gives it at capture", ex.Message);
    }

    [Fact]
    public void A_package_with_no_metadata_opens_to_nothing()
    {
        ExportPackageException ex = OpenFails([.. PackageFolder.Files().Where(f => f.Path != "metadata.json")]);
        Assert.Contains("has no metadata.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_evidence_metadata_is_checked_and_counted()
    {
        List<PackageFile> files = PackageFolder.Files();
        string plate = Convert.ToHexStringLower(SHA256.HashData(files[2].Bytes.Span));
        string context = Convert.ToHexStringLower(SHA256.HashData(files[3].Bytes.Span));
        files[1] = new PackageFile(
            "metadata.json",
            Encoding.UTF8.GetBytes(
                $"{{\"case_number\":\"2026-0042\",\"reads\":[{{\"images\":[{{\"file\":\"images/read-1/plate.jpg\",\"sha256\":\"{plate}\"}},{{\"file\":\"images/read-1/context.jpg\",\"sha256\":\"{context}\"}}]}}]}}"
            )
        );
        PackageReceipt receipt = EvidencePackage.Write(
            _folder.File("case.alprx"),
            files,
            PackageSecret.FromPassphrase(Passphrase),
            DateTimeOffset.UtcNow
        );

        OpenedPackage opened = EvidencePackage.Open(receipt.Path, PackageSecret.FromPassphrase(Passphrase), _folder.File("opened"));

        Assert.Equal(new OpenedEvidence(Guid.Empty, "2026-0042", 1, 2), opened.Evidence);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder.File("opened")));
        Assert.Equal(["case.alprx", "opened"], Leftovers());
    }

    [Fact]
    public void A_small_package_that_unpacks_a_thousand_times_over_is_refused_as_a_bomb_before_a_file_is_written()
    {
        // 200 MB of zeros deflate to about 200 KB: the shape of the 604 KB package that wrote 593 MB.
        const long unpacked = 200L << 20;
        string path = _folder.File("bomb.alprx");
        EvidencePackage.SealArchive(path, PackageSecret.FromPassphrase(Passphrase), DateTimeOffset.UtcNow, PackageHeader.DefaultChunkBytes, sealing =>
        {
            using var zip = new ZipArchive(sealing, ZipArchiveMode.Create, leaveOpen: true);
            using Stream entry = zip.CreateEntry("zeros.txt", CompressionLevel.Optimal).Open();
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < unpacked; n += zeros.Length)
            {
                entry.Write(zeros);
            }
        });
        Assert.True(new FileInfo(path).Length < 1 << 20);

        var time = Stopwatch.StartNew();
        ExportPackageException ex = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(path, PackageSecret.FromPassphrase(Passphrase), _folder.File("opened"))
        );
        time.Stop();

        Assert.StartsWith($"the package's files declare {unpacked} bytes in all, ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "an evidence package expands at most 100 times (a decompression bomb?); nothing was written",
            ex.Message,
            StringComparison.Ordinal
        );
        Assert.Equal(["bomb.alprx"], Leftovers());
        Assert.True(time.Elapsed < TimeSpan.FromSeconds(5), $"took {time.Elapsed}");
    }

    [Fact]
    public void A_package_declaring_more_than_the_default_limit_is_refused_before_a_file_is_written()
    {
        // Twenty entries each declaring just under 4 GiB: 80 GiB declared from a package of a few hundred bytes.
        string path = SealDeclaring(20, "bomb.alprx");

        ExportPackageException ex = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(path, PackageSecret.FromPassphrase(Passphrase), _folder.File("opened"))
        );

        Assert.Contains($"more than the {EvidencePackage.DefaultMaxTotalBytes} allowed (--max-bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["bomb.alprx"], Leftovers());
    }

    [Fact]
    public void A_package_declaring_more_than_the_free_space_is_refused_before_a_file_is_written()
    {
        long free = new DriveInfo(_folder.Root).AvailableFreeSpace;
        string path = SealDeclaring((int)(free / Declared) + 2, "big.alprx");

        ExportPackageException ex = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(path, PackageSecret.FromPassphrase(Passphrase), _folder.File("opened"), maxTotalBytes: long.MaxValue)
        );

        Assert.Contains("bytes for the package's files, but", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bytes free; nothing was written", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["big.alprx"], Leftovers());
    }

    private const uint Declared = 0xFFFF_FFF0;

    /// <summary>
    /// A package whose archive lists <paramref name="entries"/> one-byte files, each declaring (in its
    /// local and central headers) <see cref="Declared"/> bytes: what a forger writes to make the opener
    /// promise space it never needs, or to slip past a check on the bytes actually unpacked.
    /// </summary>
    private string SealDeclaring(int entries, string name)
    {
        using var archive = new MemoryStream();
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < entries; i++)
            {
                using Stream entry = zip.CreateEntry($"part-{i}.bin", CompressionLevel.NoCompression).Open();
                entry.WriteByte(0);
            }
        }

        byte[] bytes = archive.ToArray();
        Patch(bytes, 0x04034b50, 22);
        Patch(bytes, 0x02014b50, 24);
        string path = _folder.File(name);
        EvidencePackage.SealArchive(path, PackageSecret.FromPassphrase(Passphrase), DateTimeOffset.UtcNow, PackageHeader.DefaultChunkBytes, s =>
            s.Write(bytes)
        );
        return path;
    }

    private static void Patch(byte[] zip, uint signature, int sizeOffset)
    {
        for (int at = 0; at + 30 < zip.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == signature)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(at + sizeOffset), Declared);
            }
        }
    }

    private ExportPackageException OpenFails(List<PackageFile> files)
    {
        PackageReceipt receipt = EvidencePackage.Write(
            _folder.File("case.alprx"),
            files,
            PackageSecret.FromPassphrase(Passphrase),
            DateTimeOffset.UtcNow
        );
        ExportPackageException ex = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(receipt.Path, PackageSecret.FromPassphrase(Passphrase), _folder.File("opened"))
        );
        Assert.False(ex.WrongKey);
        Assert.Equal(["case.alprx"], Leftovers());
        return ex;
    }

    /// <summary>Everything in the test's folder, hidden staging folders included.</summary>
    private string[] Leftovers() => [.. Directory.EnumerateFileSystemEntries(_folder.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
