using EdgeAlpr.Storage.Salvage;

namespace EdgeAlpr.Storage;

/// <summary>A sealed file's pages for the salvage: a page that does not authenticate is lost, not read.</summary>
internal sealed class SealedPageSource(SealedPageStream file) : IPageSource
{
    public int PageCount => checked((int)file.PageCount);

    public bool TryReadPage(int index, Span<byte> page, out string? problem) => file.TryReadPage(index, page, out problem);
}

/// <summary>A file none of whose pages can be read (its header, and with it its key, is gone): every page is lost.</summary>
internal sealed class LostPageSource(int pages, string why) : IPageSource
{
    public int PageCount => pages;

    public bool TryReadPage(int index, Span<byte> page, out string? problem)
    {
        problem = why;
        return false;
    }
}
