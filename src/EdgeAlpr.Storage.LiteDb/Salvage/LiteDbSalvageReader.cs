using LiteDB;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// Reads every document it can from a damaged LiteDB 5 database, without LiteDB's engine (which refuses a damaged
/// file) and without trusting any index: data pages are scanned one by one and each document is read from its
/// blocks. The log's committed transactions win over the data file, as they do when LiteDB opens the database.
/// Nothing in the files can make it throw or hang: every failure becomes a <see cref="SalvageProblem"/>.
/// </summary>
/// <param name="data">The data file's pages.</param>
/// <param name="log">The log file's pages, when there is a log.</param>
internal sealed class LiteDbSalvageReader(IPageSource data, IPageSource? log = null)
{
    /// <summary>Starts the problems of the safety net: damage the checks did not foresee (a bug to fix, not a kind of damage).</summary>
    public const string UnexpectedError = "unexpected error";

    private readonly IPageSource _data = data ?? throw new ArgumentNullException(nameof(data));

    /// <summary>Scans both files once and returns what was salvaged, with the problems met.</summary>
    public SalvageResult Read()
    {
        var findings = new SalvageFindings();
        Dictionary<uint, string>? names = null;
        var found = new Dictionary<uint, Salvaged>();
        try
        {
            var pages = new LogicalPages(_data, log, findings);
            names = HeaderCollections.Read(pages, findings);
            var chains = new DocumentChains(pages, findings);
            var continuations = new List<(SalvageFile File, int Index, BlockAddress Block)>();
            foreach (uint id in pages.Ids())
            {
                ReadPage(pages, id, chains, found, continuations, findings);
            }

            ReportUnreached(continuations, chains, findings);
        }
        catch (Exception ex)
        {
            // Not expected: each page is guarded. Whatever was read before it is still returned.
            findings.Problem(SalvageFile.Data, null, $"{UnexpectedError}: the salvage stopped early ({ex.GetType().Name}: {ex.Message})");
        }

        return new SalvageResult(
            Collections(names, found, findings),
            findings.Problems,
            findings.LostPages,
            findings.LostDocuments,
            findings.DuplicateDocuments
        );
    }

    private static void ReadPage(
        LogicalPages pages,
        uint id,
        DocumentChains chains,
        Dictionary<uint, Salvaged> found,
        List<(SalvageFile File, int Index, BlockAddress Block)> continuations,
        SalvageFindings findings
    )
    {
        if (!pages.TryGet(id, out LogicalPage page) || page.Type != LitePageType.Data)
        {
            return;
        }

        try
        {
            if (!found.TryGetValue(page.CollectionId, out Salvaged? collection))
            {
                collection = new Salvaged(page.File, page.Index);
                found[page.CollectionId] = collection;
            }

            int slots = LitePageFormat.SlotCount(page.Bytes);
            for (int slot = 0; slot < slots; slot++)
            {
                if (!LitePageFormat.TryReadBlock(page.Bytes, (byte)slot, out DataBlock block, out string? problem))
                {
                    if (problem is not null)
                    {
                        findings.Problem(page.File, page.Index, $"{problem}: whatever document (or part of one) it held is lost");
                    }
                }
                else if (block.IsContinuation)
                {
                    continuations.Add((page.File, page.Index, new BlockAddress(page.Id, (byte)slot)));
                }
                else if (chains.Read(page, (byte)slot, block) is BsonDocument document)
                {
                    collection.Add(document, page, (byte)slot, findings);
                }
            }
        }
        catch (Exception ex)
        {
            // A bug met on one page costs that page's remaining documents, not the salvage.
            findings.Problem(page.File, page.Index, $"{UnexpectedError} reading {page} ({ex.GetType().Name}: {ex.Message})");
        }
    }

    /// <summary>Continuation blocks no readable first block led to: documents whose start was lost, or whose chain broke before them.</summary>
    private static void ReportUnreached(
        List<(SalvageFile File, int Index, BlockAddress Block)> continuations,
        DocumentChains chains,
        SalvageFindings findings
    )
    {
        foreach (var group in continuations.Where(c => !chains.Reached(c.Block)).GroupBy(c => (c.File, c.Index)))
        {
            string blocks = string.Join(", ", group.Select(c => c.Block));
            findings.Problem(
                group.Key.File,
                group.Key.Index,
                $"continuation block(s) {blocks} belong to no document read: parts of documents whose start or chain was lost"
            );
        }
    }

    private static Dictionary<string, SalvagedCollection> Collections(
        Dictionary<uint, string>? names,
        Dictionary<uint, Salvaged> found,
        SalvageFindings findings
    )
    {
        var collections = new Dictionary<string, SalvagedCollection>(StringComparer.Ordinal);
        foreach ((uint id, string name) in names ?? [])
        {
            collections[name] = new SalvagedCollection(name, id, true, found.GetValueOrDefault(id)?.Documents ?? []);
        }

        foreach ((uint id, Salvaged salvaged) in found.Where(f => names is null || !names.ContainsKey(f.Key)).OrderBy(f => f.Key))
        {
            string name = $"col_{id}";
            while (collections.ContainsKey(name))
            {
                name += "_";
            }

            if (names is not null)
            {
                findings.Problem(
                    salvaged.FirstFile,
                    salvaged.FirstPage,
                    $"data pages of collection id {id}, which the header does not name, are kept as '{name}'"
                );
            }

            collections[name] = new SalvagedCollection(name, id, false, salvaged.Documents);
        }

        return collections;
    }

    /// <summary>One collection's documents as the scan finds them, one per <c>_id</c>, and where its first data page was.</summary>
    private sealed class Salvaged(SalvageFile firstFile, int firstPage)
    {
        private readonly HashSet<BsonValue> _ids = new(BsonIdComparer.Instance);

        public SalvageFile FirstFile { get; } = firstFile;

        public int FirstPage { get; } = firstPage;

        public List<BsonDocument> Documents { get; } = [];

        public void Add(BsonDocument document, LogicalPage page, byte slot, SalvageFindings findings)
        {
            BsonValue id = document["_id"];
            if (_ids.Add(id))
            {
                Documents.Add(document);
            }
            else
            {
                findings.DuplicateLeftOut(
                    page.File,
                    page.Index,
                    $"the document at block {page.Id}:{slot} repeats _id {id}; the first one read is kept"
                );
            }
        }
    }
}
