using System.Numerics;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Partial plates ('*' = a character the witness did not see). Entries are grouped by the
/// pattern of known positions; a read is masked with each pattern of its length and looked up
/// in one open-addressing table, so the cost grows with the number of distinct patterns (tens),
/// not with the number of partial plates (thousands).
/// </summary>
internal sealed class WildcardIndex
{
    private readonly ulong[][] _masksByLength;
    private readonly ulong[] _keys;
    private readonly ulong[] _masks;
    private readonly int[] _entries;
    private readonly int _bits;

    private WildcardIndex(ulong[][] masksByLength, ulong[] keys, ulong[] masks, int[] entries, int bits)
    {
        _masksByLength = masksByLength;
        _keys = keys;
        _masks = masks;
        _entries = entries;
        _bits = bits;
    }

    public int Patterns => _masksByLength.Sum(m => m.Length);

    public long Bytes => (_keys.Length * 20L) + (Patterns * 8L);

    /// <summary><paramref name="canon"/> holds wildcard entries' keys with unknown positions zeroed.</summary>
    public static WildcardIndex Build(ulong[] canon, EntryCore[] core)
    {
        var masks = new HashSet<ulong>[PlateKey.MaxLength + 1];
        int count = 0;
        for (int e = 0; e < core.Length; e++)
        {
            if ((core[e].Flags & (EntryFlags.Wildcard | EntryFlags.Dead)) == EntryFlags.Wildcard)
            {
                (masks[PlateKey.Length(core[e].Plate)] ??= []).Add(PlateKey.KnownMask(core[e].Plate));
                count++;
            }
        }

        int bits = Math.Max(4, BitOperations.Log2((uint)Math.Max(count, 1)) + 2);
        var keys = new ulong[1 << bits];
        var maskColumn = new ulong[1 << bits];
        var entries = new int[1 << bits];
        entries.AsSpan().Fill(-1);
        for (int e = 0; e < core.Length; e++)
        {
            if ((core[e].Flags & (EntryFlags.Wildcard | EntryFlags.Dead)) == EntryFlags.Wildcard)
            {
                ulong mask = PlateKey.KnownMask(core[e].Plate);
                int slot = Slot(canon[e], mask, bits);
                while (entries[slot] >= 0)
                {
                    slot = (slot + 1) & ((1 << bits) - 1);
                }

                keys[slot] = canon[e];
                maskColumn[slot] = mask;
                entries[slot] = e;
            }
        }

        ulong[][] byLength = masks.Select(set => set?.Order().ToArray() ?? []).ToArray();
        return new WildcardIndex(byLength, keys, maskColumn, entries, bits);
    }

    /// <summary>Calls <paramref name="found"/> for each partial plate whose known characters equal the read's.</summary>
    public void Find<TSink>(ulong canonRead, ref TSink found)
        where TSink : struct, IEntrySink
    {
        int length = PlateKey.Length(canonRead);
        if (length >= _masksByLength.Length)
        {
            return;
        }

        int tableMask = _entries.Length - 1;
        foreach (ulong mask in _masksByLength[length])
        {
            ulong key = canonRead & mask;
            for (int slot = Slot(key, mask, _bits); _entries[slot] >= 0; slot = (slot + 1) & tableMask)
            {
                if (_keys[slot] == key && _masks[slot] == mask)
                {
                    found.Add(_entries[slot]);
                }
            }
        }
    }

    private static int Slot(ulong key, ulong mask, int bits) => PlateKey.Bucket(key ^ BitOperations.RotateLeft(mask, 23), bits);
}

/// <summary>Receives entry numbers from an index without a delegate or an allocation.</summary>
internal interface IEntrySink
{
    void Add(int entry);
}
