namespace EdgeAlpr.Storage.Salvage;

/// <summary>Where a data block is: its page and its slot in that page's footer. LiteDB marks "no block" with all bits set.</summary>
internal readonly record struct BlockAddress(uint Page, byte Slot)
{
    public static readonly BlockAddress None = new(uint.MaxValue, byte.MaxValue);

    public bool IsNone => this == None;

    public override string ToString() => IsNone ? "(none)" : $"{Page}:{Slot}";
}
