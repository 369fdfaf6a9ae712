namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// Which page copies in the log count, the way LiteDB decides when it opens a database: every log page carries its
/// transaction's id, the transaction's last page is marked confirmed when it committed, and only committed
/// transactions count. Of several committed copies of one page id, the newest (the transaction confirmed last,
/// then the later copy within it) wins. Copies of uncommitted transactions are ignored, as LiteDB ignores them.
/// </summary>
internal static class ConfirmedLogPages
{
    private readonly record struct Transaction(List<(int LogPage, uint PageId)> Pages, bool LastConfirmed);

    /// <summary>
    /// Maps each page id to the log page holding its newest committed copy. Page ids at or past
    /// <paramref name="pageIdLimit"/> cannot be real (the files are not that long) and are left out.
    /// </summary>
    public static Dictionary<uint, int> Read(IPageSource log, int logPages, long pageIdLimit, SalvageFindings findings)
    {
        var transactions = new Dictionary<uint, Transaction>();
        var page = new byte[LitePageFormat.PageSize];
        for (int index = 0; index < logPages; index++)
        {
            if (!PageReading.TryRead(log, index, page, out string? problem))
            {
                findings.PageLost(SalvageFile.Log, index, $"unreadable ({problem}); a transaction may be missing a page");
                continue;
            }

            if (LitePageFormat.IsBlank(page))
            {
                findings.PageLost(SalvageFile.Log, index, "blank (all zero)");
                continue;
            }

            uint pageId = LitePageFormat.PageId(page);
            if (pageId >= pageIdLimit || !LitePageFormat.IsKnownType(page))
            {
                findings.PageLost(SalvageFile.Log, index, $"not a page LiteDB writes (page id {pageId}, type {(byte)LitePageFormat.PageType(page)})");
                continue;
            }

            uint id = LitePageFormat.TransactionId(page);
            List<(int, uint)> pages = transactions.TryGetValue(id, out Transaction seen) ? seen.Pages : [];
            pages.Add((index, pageId));

            // Only whether the latest page so far is confirmed matters: a transaction counts if its last page is.
            transactions[id] = new Transaction(pages, LitePageFormat.IsConfirmed(page));
        }

        var newest = new Dictionary<uint, int>();
        foreach ((uint id, Transaction transaction) in transactions.OrderBy(t => t.Value.Pages[^1].LogPage))
        {
            if (!transaction.LastConfirmed)
            {
                findings.Problem(
                    SalvageFile.Log,
                    transaction.Pages[0].LogPage,
                    $"transaction {id} was not committed (its last page is not confirmed): its {transaction.Pages.Count} page(s) are ignored"
                );
                continue;
            }

            foreach ((int logPage, uint pageId) in transaction.Pages)
            {
                newest[pageId] = logPage;
            }
        }

        return newest;
    }
}
