using System.Buffers.Binary;
using System.Text;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>
/// Reads and damages the pages of a LiteDB 5 file's bytes the way a test needs to, written from the page format
/// (header 32 bytes: id at 0, type at 4, transaction at 14, confirmed at 18, collection at 19, highest slot at 30;
/// footer slots from the end: length then position; block: continuation byte, next page, next slot).
/// </summary>
internal static class RawPages
{
    public const int Size = 8192;
    public const byte DataType = 4;

    public readonly record struct Block(int Slot, int Position, int Length, bool Continuation, uint NextPage, byte NextSlot);

    public static int Count(byte[] file) => file.Length / Size;

    public static Span<byte> Page(byte[] file, int index) => file.AsSpan(index * Size, Size);

    public static byte Type(byte[] file, int index) => Page(file, index)[4];

    public static uint TransactionId(byte[] file, int index) => BinaryPrimitives.ReadUInt32LittleEndian(Page(file, index)[14..]);

    public static uint CollectionId(byte[] file, int index) => BinaryPrimitives.ReadUInt32LittleEndian(Page(file, index)[19..]);

    /// <summary>Data pages of the file, with their collection id.</summary>
    public static IEnumerable<int> DataPages(byte[] file, uint collection) =>
        Enumerable.Range(0, Count(file)).Where(i => Type(file, i) == DataType && CollectionId(file, i) == collection);

    public static List<Block> Blocks(byte[] file, int index)
    {
        Span<byte> page = Page(file, index);
        var blocks = new List<Block>();
        int slots = page[30] == 255 ? 0 : page[30] + 1;
        for (int slot = 0; slot < slots; slot++)
        {
            int footer = Size - (slot + 1) * 4;
            int length = BinaryPrimitives.ReadUInt16LittleEndian(page[footer..]);
            int position = BinaryPrimitives.ReadUInt16LittleEndian(page[(footer + 2)..]);
            if (position != 0 && position + 6 <= Size)
            {
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(page[(position + 1)..]);
                blocks.Add(new Block(slot, position, length, page[position] == 1, next, page[position + 5]));
            }
        }

        return blocks;
    }

    public static void SetNext(byte[] file, int index, Block block, uint page, byte slot)
    {
        Span<byte> bytes = Page(file, index);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[(block.Position + 1)..], page);
        bytes[block.Position + 5] = slot;
    }

    public static bool Holds(byte[] file, int index, string text) => Page(file, index).IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
