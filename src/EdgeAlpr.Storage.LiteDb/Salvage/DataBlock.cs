namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// One block of a document in a data page, checked against the page's bounds: a document starts in a block that is
/// not a continuation and goes on through <see cref="Next"/> until a block with none.
/// </summary>
/// <param name="Position">Where the block starts in the page.</param>
/// <param name="Length">The block's bytes, its own 6-byte head included.</param>
/// <param name="IsContinuation">True for every block of a document but its first.</param>
/// <param name="Next">The document's next block, or <see cref="BlockAddress.None"/>.</param>
internal readonly record struct DataBlock(int Position, int Length, bool IsContinuation, BlockAddress Next)
{
    /// <summary>The document bytes this block carries.</summary>
    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> page) =>
        page.Slice(Position + LitePageFormat.BlockHeadSize, Length - LitePageFormat.BlockHeadSize);
}
