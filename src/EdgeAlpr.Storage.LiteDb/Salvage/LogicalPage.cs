namespace EdgeAlpr.Storage.Salvage;

/// <summary>The copy of page <paramref name="Id"/> a salvage uses, and where it came from (for problems).</summary>
/// <param name="Id">The page id LiteDB knows the page by.</param>
/// <param name="Bytes">The page's <see cref="LitePageFormat.PageSize"/> bytes.</param>
/// <param name="File">The file the copy was read from.</param>
/// <param name="Index">The copy's page number in that file.</param>
internal sealed record LogicalPage(uint Id, byte[] Bytes, SalvageFile File, int Index)
{
    public LitePageType Type => LitePageFormat.PageType(Bytes);

    public uint CollectionId => LitePageFormat.CollectionId(Bytes);

    public override string ToString() => File == SalvageFile.Data ? $"page {Id}" : $"page {Id} (log page {Index})";
}
