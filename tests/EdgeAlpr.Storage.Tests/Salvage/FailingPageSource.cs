using EdgeAlpr.Storage.Salvage;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>A page source whose listed pages cannot be read, as a sealed file's pages that fail authentication.</summary>
internal sealed class FailingPageSource(IPageSource inner, params int[] failing) : IPageSource
{
    public const string Why = "authentication failed";

    public int PageCount => inner.PageCount;

    public bool TryReadPage(int index, Span<byte> page, out string? problem)
    {
        if (failing.Contains(index))
        {
            problem = Why;
            return false;
        }

        return inner.TryReadPage(index, page, out problem);
    }
}
