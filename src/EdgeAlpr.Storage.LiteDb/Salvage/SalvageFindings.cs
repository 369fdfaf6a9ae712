namespace EdgeAlpr.Storage.Salvage;

/// <summary>The problems and counts one salvage collects as it goes; each lost page is counted once however often it is met.</summary>
internal sealed class SalvageFindings
{
    private readonly List<SalvageProblem> _problems = [];
    private readonly HashSet<(SalvageFile File, int Page)> _lostPages = [];

    public IReadOnlyList<SalvageProblem> Problems => _problems;

    public int LostPages => _lostPages.Count;

    public int LostDocuments { get; private set; }

    public int DuplicateDocuments { get; private set; }

    public void Problem(SalvageFile file, int? page, string what) => _problems.Add(new SalvageProblem(file, page, what));

    public void PageLost(SalvageFile file, int page, string what)
    {
        if (_lostPages.Add((file, page)))
        {
            Problem(file, page, what);
        }
    }

    public void DocumentLost(SalvageFile file, int page, string what)
    {
        LostDocuments++;
        Problem(file, page, what);
    }

    public void DuplicateLeftOut(SalvageFile file, int page, string what)
    {
        DuplicateDocuments++;
        Problem(file, page, what);
    }
}
