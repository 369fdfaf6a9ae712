using System.Security.Cryptography;

namespace EdgeAlpr.Export.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EvidencePackageTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple 2026";
    private readonly PackageFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_passphrase_package_opens_to_the_same_bytes_and_sha256sum_agrees_with_its_manifest()
    {
        List<PackageFile> files = PackageFolder.Files();
        PackageReceipt receipt = EvidencePackage.Write(
            _folder.File("case.alprx"),
            files,
            PackageSecret.FromPassphrase(Passphrase),
            DateTimeOffset.UtcNow
        );
        Assert.Equal("passphrase", receipt.KeyKind);
        Assert.Null(receipt.KeyText);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(receipt.Path))), receipt.Sha256);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(receipt.Path));

        OpenedPackage opened = EvidencePackage.Open(receipt.Path, PackageSecret.FromPassphrase(Passphrase), _folder.File("opened"));
        Assert.Equal(receipt.PackageId, opened.PackageId);
        foreach (PackageFile f in files)
        {
            Assert.Equal(f.Bytes.ToArray(), File.ReadAllBytes(Path.Combine(_folder.File("opened"), f.Path)));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(f.Bytes.Span)), opened.Files.Single(o => o.Path == f.Path).Sha256);
        }

        // An independent check: the recipient's own sha256sum accepts the manifest.
        ProcessResult check = ProcessRunner.Run("sha256sum", ["-c", "--strict", "manifest.sha256"], workingDirectory: _folder.File("opened"));
        string output = check.Stdout;
        Assert.True(check.ExitCode == 0, output);
        Assert.Equal(files.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_random_key_package_gives_its_key_once_and_opens_with_it_only()
    {
        PackageReceipt receipt = EvidencePackage.Write(
            _folder.File("case.alprx"),
            PackageFolder.Files(),
            PackageSecret.NewRandomKey(),
            DateTimeOffset.UtcNow
        );
        Assert.Equal("random", receipt.KeyKind);
        Assert.Equal(43, receipt.KeyText!.Length);
        Assert.DoesNotContain(receipt.KeyText, File.ReadAllText(receipt.Path), StringComparison.Ordinal);

        Assert.Equal(4, EvidencePackage.Open(receipt.Path, PackageSecret.FromKey(receipt.KeyText), _folder.File("opened")).Files.Count);
        ExportPackageException passphrase = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(receipt.Path, PackageSecret.FromPassphrase(Passphrase), _folder.File("other"))
        );
        Assert.True(passphrase.WrongKey);
    }

    [Fact]
    public void A_wrong_passphrase_or_key_fails_cleanly_and_leaves_nothing_behind()
    {
        PackageReceipt withPassphrase = EvidencePackage.Write(
            _folder.File("a.alprx"),
            PackageFolder.Files(),
            PackageSecret.FromPassphrase(Passphrase),
            DateTimeOffset.UtcNow
        );
        PackageReceipt withKey = EvidencePackage.Write(
            _folder.File("b.alprx"),
            PackageFolder.Files(),
            PackageSecret.NewRandomKey(),
            DateTimeOffset.UtcNow
        );

        ExportPackageException wrong = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(withPassphrase.Path, PackageSecret.FromPassphrase(Passphrase + "!"), _folder.File("out-a"))
        );
        Assert.True(wrong.WrongKey);
        Assert.Equal("wrong passphrase for this package", wrong.Message);
        ExportPackageException wrongKey = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(withKey.Path, PackageSecret.FromKey(PackageKey.Random().ToText()), _folder.File("out-b"))
        );
        Assert.True(wrongKey.WrongKey);
        Assert.Throws<ExportPackageException>(() => EvidencePackage.Open(withKey.Path, PackageSecret.FromKey("not a key"), _folder.File("out-c")));
        Assert.False(Directory.Exists(_folder.File("out-a")));
        Assert.False(Directory.Exists(_folder.File("out-b")));
    }

    [Theory]
    [InlineData("flip a byte of the first chunk", "chunk 0")]
    [InlineData("flip a byte of the last chunk", "fails its authentication")]
    [InlineData("cut at a chunk boundary", "altered or truncated")]
    [InlineData("cut inside a chunk", "fails its authentication")]
    [InlineData("swap two chunks", "fails its authentication")]
    [InlineData("append a chunk", "fails its authentication")]
    [InlineData("change the header", "chunk 0")]
    public void Every_kind_of_damage_is_found_and_nothing_is_opened(string damage, string message)
    {
        const int chunk = 4096;
        PackageReceipt receipt = EvidencePackage.Write(
            _folder.File("case.alprx"),
            PackageFolder.Files(),
            PackageSecret.NewRandomKey(),
            DateTimeOffset.UtcNow,
            chunkBytes: chunk
        );
        byte[] bytes = File.ReadAllBytes(receipt.Path);
        int body = bytes.AsSpan().IndexOf("}"u8) + 1;
        int sealedChunk = chunk + 16;
        byte[] damaged = damage switch
        {
            "flip a byte of the first chunk" => Flip(bytes, body + 10),
            "flip a byte of the last chunk" => Flip(bytes, bytes.Length - 3),
            "cut at a chunk boundary" => bytes[..(body + (3 * sealedChunk))],
            "cut inside a chunk" => bytes[..(body + (3 * sealedChunk) + 100)],
            "swap two chunks" =>
            [
                .. bytes[..body],
                .. bytes[(body + sealedChunk)..(body + (2 * sealedChunk))],
                .. bytes[body..(body + sealedChunk)],
                .. bytes[(body + (2 * sealedChunk))..],
            ],
            "append a chunk" => [.. bytes, .. bytes[body..(body + sealedChunk)]],
            "change the header" => HeaderChanged(bytes),
            _ => throw new ArgumentException(damage),
        };
        string path = _folder.File("damaged.alprx");
        File.WriteAllBytes(path, damaged);

        ExportPackageException ex = Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(path, PackageSecret.FromKey(receipt.KeyText!), _folder.File("opened"))
        );
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.False(ex.WrongKey);
        Assert.False(Directory.Exists(_folder.File("opened")));
    }

    [Fact]
    public void A_package_is_never_written_over_a_file_and_never_opened_into_a_folder_with_files()
    {
        File.WriteAllText(_folder.File("taken.alprx"), "someone else's file");
        Assert.Throws<IOException>(() =>
            EvidencePackage.Write(_folder.File("taken.alprx"), PackageFolder.Files(), PackageSecret.NewRandomKey(), DateTimeOffset.UtcNow)
        );
        Assert.Equal("someone else's file", File.ReadAllText(_folder.File("taken.alprx")));

        PackageReceipt receipt = EvidencePackage.Write(
            _folder.File("case.alprx"),
            PackageFolder.Files(),
            PackageSecret.NewRandomKey(),
            DateTimeOffset.UtcNow
        );
        Directory.CreateDirectory(_folder.File("busy"));
        File.WriteAllText(_folder.File("busy/notes.txt"), "keep me");
        Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Open(receipt.Path, PackageSecret.FromKey(receipt.KeyText!), _folder.File("busy"))
        );
        Assert.Equal("keep me", File.ReadAllText(_folder.File("busy/notes.txt")));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("images//x.jpg")]
    [InlineData("images/./x.jpg")]
    [InlineData("images\\x.jpg")]
    [InlineData("")]
    [InlineData("manifest.sha256")]
    public void Paths_that_could_leave_the_folder_or_clash_with_the_manifest_are_refused(string path) =>
        Assert.Throws<ArgumentException>(() =>
            EvidencePackage.Write(
                _folder.File("case.alprx"),
                [new PackageFile(path, new byte[] { 1 })],
                PackageSecret.NewRandomKey(),
                DateTimeOffset.UtcNow
            )
        );

    [Fact]
    public void Short_passphrases_are_refused()
    {
        Assert.Throws<ExportPackageException>(() =>
            EvidencePackage.Write(_folder.File("case.alprx"), PackageFolder.Files(), PackageSecret.FromPassphrase("short"), DateTimeOffset.UtcNow)
        );
        Assert.False(File.Exists(_folder.File("case.alprx")));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }

    private static byte[] HeaderChanged(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        int at = copy.AsSpan().IndexOf("\"created_at\":\"20"u8) + 16;
        copy[at + 1] = copy[at + 1] == (byte)'9' ? (byte)'8' : (byte)(copy[at + 1] + 1);
        return copy;
    }
}
