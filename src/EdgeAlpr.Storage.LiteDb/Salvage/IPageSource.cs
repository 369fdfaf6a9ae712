namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// One LiteDB file (data or log) seen as its logical pages of <see cref="LitePageFormat.PageSize"/> bytes:
/// what a salvage reads, whatever the file's encoding on disk (plain, or encrypted with a page of its own
/// in front). A page that cannot be had is reported, not thrown, so one bad page costs only that page.
/// </summary>
internal interface IPageSource
{
    /// <summary>How many pages the file holds, a partly written last page included.</summary>
    int PageCount { get; }

    /// <summary>
    /// Fills <paramref name="page"/> (exactly <see cref="LitePageFormat.PageSize"/> bytes) with page
    /// <paramref name="index"/>; false, with <paramref name="problem"/> saying why, when it cannot be read
    /// (a short read, a page that fails authentication, an I/O error).
    /// </summary>
    bool TryReadPage(int index, Span<byte> page, out string? problem);
}
