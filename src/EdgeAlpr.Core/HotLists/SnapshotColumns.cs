namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// A snapshot's entries as parallel arrays in the order they were added, 23 bytes per entry
/// before text: a plate costs 16 bytes and a few more instead of an object with six strings.
/// </summary>
internal sealed class SnapshotColumns
{
    /// <summary>Plate, expiry, state, category and flags: all a lookup reads.</summary>
    public required EntryCore[] Core { get; init; }

    /// <summary>Bit per category the plate is listed under, the primary one included.</summary>
    public required ushort[] Categories { get; init; }

    public required byte[] Source { get; init; }

    /// <summary>Start of each entry's text fields in <see cref="Details"/>, plus one end offset.</summary>
    public required int[] DetailOffsets { get; init; }

    /// <summary>UTF-8 text fields (record number, reason, vehicle, entered by, entered at), unit-separated.</summary>
    public required byte[] Details { get; init; }

    public int Slots => Core.Length;

    public long Bytes => (Slots * (16L + 2 + 1 + 4)) + Details.Length;

    public bool IsLive(int e) => (Core[e].Flags & EntryFlags.Dead) == 0;
}
