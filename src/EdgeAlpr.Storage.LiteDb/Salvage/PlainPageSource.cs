namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// The pages of an unencrypted LiteDB file, page <c>n</c> at byte <c>n × 8192</c> of <paramref name="stream"/>.
/// The stream stays the caller's (not disposed here); it must be readable and seekable.
/// </summary>
internal sealed class PlainPageSource(Stream stream) : IPageSource
{
    private readonly Stream _stream = stream ?? throw new ArgumentNullException(nameof(stream));

    public int PageCount
    {
        get
        {
            // A torn last page still counts: reading it reports the short read instead of hiding it.
            long pages = (_stream.Length + LitePageFormat.PageSize - 1) / LitePageFormat.PageSize;
            return (int)Math.Min(pages, int.MaxValue);
        }
    }

    public bool TryReadPage(int index, Span<byte> page, out string? problem)
    {
        if (page.Length != LitePageFormat.PageSize)
        {
            throw new ArgumentException($"a page buffer holds {LitePageFormat.PageSize} bytes, not {page.Length}", nameof(page));
        }

        if (index < 0 || index >= PageCount)
        {
            problem = $"page {index} is outside the file ({PageCount} pages)";
            return false;
        }

        try
        {
            _stream.Position = (long)index * LitePageFormat.PageSize;
            int read = _stream.ReadAtLeast(page, page.Length, throwOnEndOfStream: false);
            if (read < page.Length)
            {
                problem = $"short read: {read} of {page.Length} bytes";
                return false;
            }
        }
        catch (IOException ex)
        {
            problem = $"read failed: {ex.Message}";
            return false;
        }

        problem = null;
        return true;
    }
}
