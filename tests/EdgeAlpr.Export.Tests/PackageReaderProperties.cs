using FsCheck.Xunit;

namespace EdgeAlpr.Export.Tests;

/// <summary>
/// Random bytes and random damage to a good package: opening must end in an
/// <see cref="ExportPackageException"/> (or, for damage that changed nothing, the package), never
/// another exception, a hang or an allocation out of proportion to the input.
/// </summary>
public sealed class PackageReaderProperties : IDisposable
{
    private static readonly Lazy<(byte[] Bytes, string Key)> Good = new(() =>
    {
        using var folder = new PackageFolder();
        PackageReceipt receipt = EvidencePackage.Write(
            folder.File("good.alprx"),
            PackageFolder.Files(3000),
            PackageSecret.NewRandomKey(),
            DateTimeOffset.UtcNow,
            chunkBytes: 4096
        );
        return (File.ReadAllBytes(receipt.Path), receipt.KeyText!);
    });

    private readonly PackageFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Property(MaxTest = 150)]
    public bool Random_bytes_are_refused_as_not_a_package(byte[] bytes, bool withMagic)
    {
        byte[] input = withMagic ? [.. "EDGEALPR-EVIDENCE/1\n"u8, .. bytes] : bytes;
        return OnlyPackageErrors(input, out _);
    }

    [Property(MaxTest = 300)]
    public bool Damaged_packages_give_only_package_errors(int seed)
    {
        // FsCheck's integers stay small; a seeded generator spreads the damage over the whole file.
        var random = new Random(seed);
        byte[] good = Good.Value.Bytes;
        int at = random.Next(good.Length);
        int span = Math.Min(random.Next(1, 65), good.Length - at);
        byte value = (byte)random.Next(1, 256);
        byte[] damaged = random.Next(5) switch
        {
            0 => Set(good, at, (byte)(good[at] ^ value)),
            1 => [.. good[..at], value, .. good[at..]],
            2 => [.. good[..at], .. good[(at + span)..]],
            3 => good[..at],
            _ => [.. good[..at], .. good[at..(at + span)], .. good[at..]],
        };
        return OnlyPackageErrors(damaged, out bool opened) && !opened;
    }

    [Property(MaxTest = 100)]
    public bool Header_lengths_and_fields_out_of_range_are_refused(int length, string? field)
    {
        byte[] header = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"format\":1,\"cipher\":\"AES-256-GCM\",\"chunk_bytes\":{length},\"nonce_prefix\":\"{field}\",\"kdf\":\"none\",\"key_check\":\"{field}\",\"package_id\":\"x\",\"created_at\":\"2026-12-01T00:00:00Z\"}}"
        );
        byte[] input = [.. "EDGEALPR-EVIDENCE/1\n"u8, .. BitConverter.GetBytes(length % 2 == 0 ? header.Length : length), .. header];
        return OnlyPackageErrors(input, out bool opened) && !opened;
    }

    private bool OnlyPackageErrors(byte[] input, out bool opened)
    {
        string path = Path.Combine(_folder.Root, $"{Guid.NewGuid():N}.alprx");
        string output = Path.Combine(_folder.Root, $"{Guid.NewGuid():N}");
        File.WriteAllBytes(path, input);
        bool didOpen = false;
        var work = Task.Run(() =>
        {
            // Measured on the thread that does the work: what opening this input allocated.
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool clean;
            try
            {
                EvidencePackage.Open(path, PackageSecret.FromKey(Good.Value.Key), output);
                didOpen = true;
                clean = true;
            }
            catch (ExportPackageException)
            {
                clean = !Directory.Exists(output);
            }

            return clean && GC.GetAllocatedBytesForCurrentThread() - before < (64L << 20);
        });
        bool ok = work.Wait(TimeSpan.FromSeconds(5)) && work.Result;
        opened = didOpen;
        File.Delete(path);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        return ok;
    }

    private static byte[] Set(byte[] bytes, int at, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }
}
