using System.Runtime.InteropServices;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// What a lookup reads of an entry, packed into 16 bytes so a match costs one cache line:
/// the plate, the expiry, the state, the category and the flags.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal struct EntryCore
{
    public ulong Plate;

    /// <summary>Unix seconds; 0 = never.</summary>
    public uint Expires;

    /// <summary>Index into the snapshot's state table; 0 = none.</summary>
    public ushort State;

    public byte Category;

    public byte Flags;
}
