namespace EdgeAlpr.Storage.Salvage;

/// <summary>A page source read so that nothing it throws can stop a salvage: an exception becomes the page's problem.</summary>
internal static class PageReading
{
    public static bool TryRead(IPageSource source, int index, Span<byte> page, out string? problem)
    {
        try
        {
            if (source.TryReadPage(index, page, out problem))
            {
                return true;
            }

            problem ??= "no reason given";
            return false;
        }
        catch (Exception ex)
        {
            // The source is outside code (a decrypting or authenticating reader); whatever it throws costs one page.
            problem = $"{ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }

    public static int Count(IPageSource source, SalvageFile file, SalvageFindings findings)
    {
        try
        {
            return Math.Max(source.PageCount, 0);
        }
        catch (Exception ex)
        {
            findings.Problem(file, null, $"its length cannot be read ({ex.GetType().Name}: {ex.Message}); nothing read from it");
            return 0;
        }
    }
}
