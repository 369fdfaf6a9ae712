namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// The database as LiteDB would see it: each page id read from its newest committed log copy when the log has one,
/// else from the data file. A page is checked once (its problem reported once) and a few are kept, since a
/// document's blocks are usually on neighbouring pages and the scan meets the same pages again.
/// </summary>
internal sealed class LogicalPages
{
    private const int Kept = 64;

    private readonly IPageSource _data;
    private readonly IPageSource? _log;
    private readonly Dictionary<uint, int> _fromLog;
    private readonly SalvageFindings _findings;
    private readonly HashSet<uint> _bad = [];
    private readonly Dictionary<uint, LogicalPage> _kept = [];
    private readonly Queue<uint> _keptOrder = new();

    public LogicalPages(IPageSource data, IPageSource? log, SalvageFindings findings)
    {
        _data = data;
        _log = log;
        _findings = findings;
        DataPageCount = PageReading.Count(data, SalvageFile.Data, findings);
        int logPages = log is null ? 0 : PageReading.Count(log, SalvageFile.Log, findings);

        // LiteDB's own bound: no page id can be past the two files' pages together.
        long pageIdLimit = (long)DataPageCount + logPages;
        _fromLog = log is null ? [] : ConfirmedLogPages.Read(log, logPages, pageIdLimit, findings);
    }

    public int DataPageCount { get; }

    /// <summary>Every page id the database has, ascending: the data file's pages and any the log added.</summary>
    public IEnumerable<uint> Ids()
    {
        var logOnly = _fromLog.Keys.Where(id => id >= (uint)DataPageCount).Order().ToList();
        for (uint id = 0; id < (uint)DataPageCount; id++)
        {
            yield return id;
        }

        foreach (uint id in logOnly)
        {
            yield return id;
        }
    }

    /// <summary>Whether <paramref name="id"/> is a page the database has at all (a block pointer's target, say).</summary>
    public bool Exists(uint id) => id < (uint)DataPageCount || _fromLog.ContainsKey(id);

    /// <summary>The page's usable copy; false when it cannot be read or is not a valid page (reported the first time).</summary>
    public bool TryGet(uint id, out LogicalPage page)
    {
        page = null!;
        if (_bad.Contains(id) || !Exists(id))
        {
            return false;
        }

        if (_kept.TryGetValue(id, out LogicalPage? kept))
        {
            page = kept;
            return true;
        }

        (SalvageFile file, IPageSource source, int index) = _fromLog.TryGetValue(id, out int logPage)
            ? (SalvageFile.Log, _log!, logPage)
            : (SalvageFile.Data, _data, (int)id);
        var bytes = new byte[LitePageFormat.PageSize];
        string? problem = Check(source, index, id, bytes);
        if (problem is not null)
        {
            _bad.Add(id);
            _findings.PageLost(file, index, file == SalvageFile.Log ? $"{problem} (copy of page {id})" : problem);
            return false;
        }

        page = new LogicalPage(id, bytes, file, index);
        Keep(page);
        return true;
    }

    private static string? Check(IPageSource source, int index, uint id, byte[] bytes)
    {
        if (!PageReading.TryRead(source, index, bytes, out string? problem))
        {
            return $"unreadable ({problem})";
        }

        if (LitePageFormat.IsBlank(bytes))
        {
            return "blank (all zero)";
        }

        uint says = LitePageFormat.PageId(bytes);
        if (says != id)
        {
            return $"holds page {says}, not {id}";
        }

        return LitePageFormat.IsKnownType(bytes) ? null : $"unknown page type {(byte)LitePageFormat.PageType(bytes)}";
    }

    private void Keep(LogicalPage page)
    {
        if (_kept.Count == Kept)
        {
            _kept.Remove(_keptOrder.Dequeue());
        }

        _kept[page.Id] = page;
        _keptOrder.Enqueue(page.Id);
    }
}
