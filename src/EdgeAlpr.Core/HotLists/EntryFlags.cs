namespace EdgeAlpr.Core.HotLists;

/// <summary>Bits of an entry's flags byte.</summary>
internal static class EntryFlags
{
    public const byte Local = 1;
    public const byte Wildcard = 2;

    /// <summary>Expired or merged into a duplicate when the snapshot was built: in no index, never matched.</summary>
    public const byte Dead = 4;
}
