using System.Numerics;

namespace EdgeAlpr.Core.HotLists;

/// <summary>Gives the hash buckets an item is filed under (one per key; a plate's deletions give several) and the value filed.</summary>
internal interface IBucketSource
{
    int Items { get; }

    /// <summary>Writes the item's buckets and the values to file under them; returns how many.</summary>
    int Buckets(int item, int bits, Span<int> buckets, Span<uint> values);
}

/// <summary>
/// Files values under hash buckets as a compressed table (bucket start offsets + values). A
/// plain counting sort scatters millions of writes over tables far bigger than the cache;
/// partitioning by the top bits first and then sorting each partition in a cache-sized buffer
/// keeps every pass sequential or in cache, and touches half the fresh memory.
/// </summary>
internal static class BucketSort
{
    private const int PartitionBits = 8;

    public static (int[] Start, uint[] Values) Build<TSource>(TSource source, int bits)
        where TSource : struct, IBucketSource
    {
        // Bucket numbers split into a partition (top bits) and a 16-bit position inside it.
        int partitionBits = Math.Min(bits, Math.Max(PartitionBits, bits - 16));
        int shift = bits - partitionBits;
        var partitionStart = new long[(1 << partitionBits) + 1];
        Span<int> buckets = stackalloc int[PlateKey.MaxLength + 1];
        Span<uint> values = stackalloc uint[PlateKey.MaxLength + 1];
        for (int item = 0; item < source.Items; item++)
        {
            int n = source.Buckets(item, bits, buckets, values);
            for (int k = 0; k < n; k++)
            {
                partitionStart[(buckets[k] >> shift) + 1]++;
            }
        }

        for (int p = 1; p < partitionStart.Length; p++)
        {
            partitionStart[p] += partitionStart[p - 1];
        }

        long total = partitionStart[^1];
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"too many keys to index ({total})");
        }

        // Pass 1: values grouped by partition, written to a few hundred sequential streams.
        var filed = new uint[total];
        var low = new ushort[total];
        long[] next = partitionStart[..^1];
        int lowMask = (1 << shift) - 1;
        for (int item = 0; item < source.Items; item++)
        {
            int n = source.Buckets(item, bits, buckets, values);
            for (int k = 0; k < n; k++)
            {
                long at = next[buckets[k] >> shift]++;
                filed[at] = values[k];
                low[at] = (ushort)(buckets[k] & lowMask);
            }
        }

        // Pass 2: a counting sort inside each partition, in place through a partition-sized buffer
        // that stays in cache.
        var start = new int[(1 << bits) + 1];
        var counts = new int[(1 << shift) + 1];
        long largest = 0;
        for (int p = 0; p + 1 < partitionStart.Length; p++)
        {
            largest = Math.Max(largest, partitionStart[p + 1] - partitionStart[p]);
        }

        var buffer = new uint[largest];
        for (int p = 0; p + 1 < partitionStart.Length; p++)
        {
            int from = (int)partitionStart[p];
            int length = (int)(partitionStart[p + 1] - from);
            Array.Clear(counts);
            foreach (ushort l in low.AsSpan(from, length))
            {
                counts[l + 1]++;
            }

            for (int j = 1; j < counts.Length; j++)
            {
                counts[j] += counts[j - 1];
            }

            for (int j = 0; j < counts.Length - 1; j++)
            {
                start[(p << shift) + j] = from + counts[j];
            }

            for (int i = 0; i < length; i++)
            {
                buffer[counts[low[from + i]]++] = filed[from + i];
            }

            buffer.AsSpan(0, length).CopyTo(filed.AsSpan(from, length));
        }

        start[^1] = (int)total;
        return (start, filed);
    }

    /// <summary>Bits of a table with about <paramref name="perBucket"/> keys per bucket.</summary>
    public static int BitsFor(long keys, int perBucket) => Math.Max(4, BitOperations.Log2((ulong)Math.Max(keys / perBucket, 1)) + 1);
}
