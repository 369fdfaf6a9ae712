using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Entries by canonical key (the plate with OCR-equivalent characters folded), so exact and
/// OCR-equivalent matches are one lookup. An open-addressing table with linear probing: a key's
/// slots start at its hash and run until an empty slot, usually within one cache line, so a
/// passing plate costs one memory access and a listed one two (the slot, then the entry).
/// </summary>
internal sealed class CanonicalIndex
{
    private readonly Slot[] _slots;
    private readonly int _bits;

    private CanonicalIndex(Slot[] slots, int bits)
    {
        _slots = slots;
        _bits = bits;
    }

    public long Bytes => _slots.Length * (long)Marshal.SizeOf<Slot>();

    /// <summary>Table bits for <paramref name="count"/> keys at a load of at most three quarters.</summary>
    public static int BitsFor(int count) => Math.Max(4, BitOperations.Log2((uint)Math.Max(1, count + (count / 3))) + 1);

    /// <summary>Builds the table from entries given in order of their home slot, which makes filling it nearly sequential.</summary>
    public static CanonicalIndex Build(ulong[] canon, ReadOnlySpan<int> entriesByHome, int bits)
    {
        var slots = new Slot[1 << bits];
        int mask = slots.Length - 1;
        foreach (int e in entriesByHome)
        {
            int s = PlateKey.Bucket(canon[e], bits);
            while (slots[s].Key != 0)
            {
                s = (s + 1) & mask;
            }

            slots[s] = new Slot(canon[e], e);
        }

        return new CanonicalIndex(slots, bits);
    }

    /// <summary>Calls <paramref name="found"/> with every entry whose canonical key is <paramref name="canon"/>.</summary>
    public void Find<TSink>(ulong canon, ref TSink found)
        where TSink : struct, IEntrySink
    {
        int mask = _slots.Length - 1;
        for (int s = PlateKey.Bucket(canon, _bits); ; s = (s + 1) & mask)
        {
            ref readonly Slot slot = ref _slots[s];
            if (slot.Key == canon)
            {
                found.Add(slot.Entry);
            }
            else if (slot.Key == 0)
            {
                return;
            }
        }
    }

    // A canonical key is never 0 (its length bits are set), so 0 marks an empty slot.
    [StructLayout(LayoutKind.Sequential, Pack = 8)]
    private readonly record struct Slot(ulong Key, int Entry);
}
