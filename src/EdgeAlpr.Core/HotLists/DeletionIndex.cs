namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Finds entries one character longer than a read that become the read when one character is
/// deleted ("the read missed a character"). Every one-character deletion of every eligible
/// entry's canonical key is filed by hash as one 32-bit value: the entry number and an 8-bit
/// fingerprint of the deletion. A lookup scans one short bucket and reads only the entries whose
/// fingerprint agrees, so no deletion key is stored and almost no wrong entry is touched.
/// </summary>
internal sealed class DeletionIndex
{
    /// <summary>Entry numbers take the top 24 bits of a filed value.</summary>
    public const int MaxEntries = 1 << 24;

    private readonly int _bits;
    private readonly int[] _start;
    private readonly uint[] _filed;

    private DeletionIndex(int bits, int[] start, uint[] filed)
    {
        _bits = bits;
        _start = start;
        _filed = filed;
    }

    public long Bytes => ((long)_start.Length + _filed.Length) * sizeof(int);

    /// <summary>Live entries whose keys are longer than <paramref name="minLength"/> (and not partial plates) are indexed.</summary>
    public static DeletionIndex Build(ulong[] canon, byte[] flags, int minLength)
    {
        long total = 0;
        for (int e = 0; e < canon.Length; e++)
        {
            total += Eligible(canon[e], flags[e], minLength) ? DistinctDeletions(canon[e], [], [], 0, 0) : 0;
        }

        // About four values per bucket: one cache line to scan, a directory of 1 byte per deletion.
        int bits = BucketSort.BitsFor(total, 4);
        (int[] start, uint[] filed) = BucketSort.Build(new Source(canon, flags, minLength), bits);
        return new DeletionIndex(bits, start, filed);
    }

    /// <summary>Calls <paramref name="found"/> with each entry that may hold <paramref name="key"/> plus one character; it must verify.</summary>
    public void Find<TSink>(ulong key, ref TSink found)
        where TSink : struct, IEntrySink
    {
        int bucket = PlateKey.Bucket(key, _bits);
        byte fingerprint = PlateKey.Fingerprint(key);
        for (int i = _start[bucket]; i < _start[bucket + 1]; i++)
        {
            uint value = _filed[i];
            if ((byte)value == fingerprint)
            {
                found.Add((int)(value >> 8));
            }
        }
    }

    private static bool Eligible(ulong canon, byte flags, int minLength) =>
        (flags & (EntryFlags.Wildcard | EntryFlags.Dead)) == 0 && PlateKey.Length(canon) > minLength;

    // Deleting either of two equal neighbours gives the same key: it is filed once.
    private static int DistinctDeletions(ulong key, Span<int> buckets, Span<uint> values, int bits, int entry)
    {
        int count = 0;
        int length = PlateKey.Length(key);
        for (int i = 0; i < length; i++)
        {
            if (i > 0 && PlateKey.CodeAt(key, i) == PlateKey.CodeAt(key, i - 1))
            {
                continue;
            }

            if (!buckets.IsEmpty)
            {
                ulong deleted = PlateKey.DeleteAt(key, i);
                buckets[count] = PlateKey.Bucket(deleted, bits);
                values[count] = ((uint)entry << 8) | PlateKey.Fingerprint(deleted);
            }

            count++;
        }

        return count;
    }

    private readonly struct Source(ulong[] canon, byte[] flags, int minLength) : IBucketSource
    {
        public int Items => canon.Length;

        public int Buckets(int item, int bits, Span<int> buckets, Span<uint> values) =>
            Eligible(canon[item], flags[item], minLength) ? DistinctDeletions(canon[item], buckets, values, bits, item) : 0;
    }
}
