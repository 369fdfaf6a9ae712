using System.Buffers.Binary;
using System.Text;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// The LiteDB 5 (file format 8) page layout a salvage needs, read from raw bytes with every bound checked: a
/// damaged page must yield a problem, never an exception or a read outside the page. Little-endian throughout,
/// as LiteDB writes it on the platforms the agent runs on.
/// </summary>
internal static class LitePageFormat
{
    public const int PageSize = 8192;

    /// <summary>Every page starts with 32 bytes of header; blocks live after it.</summary>
    public const int PageHeaderSize = 32;

    /// <summary>Each used slot in a page's footer: the block's length (2 bytes), then its position (2 bytes).</summary>
    public const int SlotSize = 4;

    /// <summary>A data block's head: 1 byte "continuation", then the next block's page (4) and slot (1).</summary>
    public const int BlockHeadSize = 6;

    /// <summary>The most document bytes one block carries (a page less its header, one slot and a block head).</summary>
    public const int MaxBlockData = PageSize - PageHeaderSize - SlotSize - BlockHeadSize;

    /// <summary>LiteDB refuses documents over 2047 full blocks; anything claiming more is damage.</summary>
    public const int MaxDocumentBytes = 2047 * MaxBlockData;

    /// <summary>The header page keeps its collection names and page ids as one BSON document in this area.</summary>
    public const int CollectionsOffset = 192;

    public const int CollectionsSize = 8000;

    private const int PageIdOffset = 0;
    private const int PageTypeOffset = 4;
    private const int TransactionIdOffset = 14;
    private const int ConfirmedOffset = 18;
    private const int CollectionIdOffset = 19;
    private const int HighestSlotOffset = 30;
    private const int MagicOffset = 32;
    private const int FileVersionOffset = 59;
    private const byte FileVersion = 8;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    public static uint PageId(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt32LittleEndian(page[PageIdOffset..]);

    public static LitePageType PageType(ReadOnlySpan<byte> page) => (LitePageType)page[PageTypeOffset];

    public static bool IsKnownType(ReadOnlySpan<byte> page) => page[PageTypeOffset] <= (byte)LitePageType.Data;

    /// <summary>The transaction that wrote this copy of the page (log pages only).</summary>
    public static uint TransactionId(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt32LittleEndian(page[TransactionIdOffset..]);

    /// <summary>True on the page that ends a committed transaction in the log.</summary>
    public static bool IsConfirmed(ReadOnlySpan<byte> page) => page[ConfirmedOffset] != 0;

    /// <summary>The collection a data page belongs to: the page id of that collection's own page.</summary>
    public static uint CollectionId(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt32LittleEndian(page[CollectionIdOffset..]);

    /// <summary>All zero: a page LiteDB never wrote, or one wiped. Either way nothing in it can be trusted.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> page) => !page.ContainsAnyExcept((byte)0);

    /// <summary>The header page's signature and format version, so a salvage never reads another format as this one.</summary>
    public static bool IsHeaderOfThisFormat(ReadOnlySpan<byte> page) =>
        PageType(page) == LitePageType.Header && page.Slice(MagicOffset, Magic.Length).SequenceEqual(Magic) && page[FileVersionOffset] == FileVersion;

    /// <summary>How many footer slots a page uses (its highest used slot plus one; 255 there means none).</summary>
    public static int SlotCount(ReadOnlySpan<byte> page) => page[HighestSlotOffset] == byte.MaxValue ? 0 : page[HighestSlotOffset] + 1;

    /// <summary>
    /// Reads slot <paramref name="slot"/> of a data page. False with no problem for an empty slot; false with a problem
    /// when the slot points outside the page's block area or the block's head is not one LiteDB writes.
    /// </summary>
    public static bool TryReadBlock(ReadOnlySpan<byte> page, byte slot, out DataBlock block, out string? problem)
    {
        block = default;
        problem = null;
        int slotCount = SlotCount(page);
        if (slot >= slotCount)
        {
            problem = $"slot {slot} is past the page's last slot ({slotCount - 1})";
            return false;
        }

        int footer = PageSize - (slot + 1) * SlotSize;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(page[footer..]);
        int position = BinaryPrimitives.ReadUInt16LittleEndian(page[(footer + 2)..]);
        if (position == 0 && length == 0)
        {
            return false;
        }

        int blockAreaEnd = PageSize - slotCount * SlotSize;
        if (position < PageHeaderSize || length <= BlockHeadSize || position + length > blockAreaEnd)
        {
            problem = $"slot {slot} points outside the page's blocks (position {position}, length {length})";
            return false;
        }

        byte continuation = page[position];
        if (continuation > 1)
        {
            problem = $"slot {slot} holds no data block (its first byte is {continuation})";
            return false;
        }

        var next = new BlockAddress(BinaryPrimitives.ReadUInt32LittleEndian(page[(position + 1)..]), page[position + 5]);
        block = new DataBlock(position, length, continuation == 1, next);
        return true;
    }
}
