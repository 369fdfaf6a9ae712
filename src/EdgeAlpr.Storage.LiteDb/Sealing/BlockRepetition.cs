using System.Buffers.Binary;

namespace EdgeAlpr.Storage;

/// <summary>
/// How much of a store's files repeats in 16-byte blocks: ECB encryption shows its plaintext's
/// patterns as repeated blocks; a sealed store shows none. For the store benchmark.
/// </summary>
public static class BlockRepetition
{
    private static readonly string[] DatabaseFiles = [StoreCollections.DataFile, StoreCollections.LogFile];

    /// <summary>
    /// The share of 16-byte blocks (at 16-byte offsets) that equal an earlier block, over the database
    /// files and the image files of the store in <paramref name="directory"/>, up to
    /// <paramref name="maxBlocks"/> blocks (the database first, then images in name order).
    /// </summary>
    public static (double Ratio, long Blocks) Measure(string directory, long maxBlocks = 8_000_000)
    {
        var seen = new HashSet<UInt128>();
        long blocks = 0,
            repeated = 0;
        IEnumerable<string> files = DatabaseFiles
            .Select(f => Path.Combine(directory, f))
            .Where(File.Exists)
            .Concat(
                Directory.Exists(Path.Combine(directory, "images"))
                    ? Directory.EnumerateFiles(Path.Combine(directory, "images"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                    : []
            );
        byte[] buffer = new byte[1 << 16];
        foreach (string path in files)
        {
            using FileStream file = File.OpenRead(path);
            int read;
            while (blocks < maxBlocks && (read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
            {
                for (int at = 0; at + 16 <= read && blocks < maxBlocks; at += 16)
                {
                    blocks++;
                    if (!seen.Add(BinaryPrimitives.ReadUInt128LittleEndian(buffer.AsSpan(at, 16))))
                    {
                        repeated++;
                    }
                }
            }

            if (blocks >= maxBlocks)
            {
                break;
            }
        }

        return (blocks == 0 ? 0 : (double)repeated / blocks, blocks);
    }
}
