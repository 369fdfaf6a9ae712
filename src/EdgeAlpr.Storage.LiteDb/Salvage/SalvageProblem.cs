namespace EdgeAlpr.Storage.Salvage;

/// <summary>Something a salvage could not read or did not trust, and where.</summary>
/// <param name="File">The file the problem is in.</param>
/// <param name="Page">The page's number in that file (a log page's place in the log, not the page id it carries); null when no one page is to blame.</param>
/// <param name="What">What was wrong and what it cost.</param>
internal sealed record SalvageProblem(SalvageFile File, int? Page, string What)
{
    public override string ToString() => Page is int page ? $"{File} page {page}: {What}" : $"{File}: {What}";
}
