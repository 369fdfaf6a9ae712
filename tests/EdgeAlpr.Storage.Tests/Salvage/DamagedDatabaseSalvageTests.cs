using EdgeAlpr.Storage.Salvage;
using LiteDB;
using static EdgeAlpr.Storage.Tests.Salvage.SalvageSample;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>Damage in the data file costs what was on the damaged pages and nothing else, and says where it was.</summary>
public sealed class DamagedDatabaseSalvageTests
{
    private readonly SalvageSample _sample = new(checkpoint: true);
    private readonly byte[] _data;
    private readonly SalvageResult _clean;

    public DamagedDatabaseSalvageTests()
    {
        _data = _sample.Data;
        _clean = SalvageOf(_data, null);
        Assert.Empty(_clean.Problems);
    }

    [Fact]
    public void A_zeroed_data_page_loses_exactly_the_documents_on_it()
    {
        int page = RawPages.DataPages(_data, _clean.Collections[Reads].Id).ElementAt(1);
        HashSet<int> onPage = ReadsOn(page);
        Assert.InRange(onPage.Count, 10, ReadCount / 2);
        RawPages.Page(_data, page).Clear();

        SalvageResult result = SalvageOf(_data, null);

        Assert.Equal(
            Sorted(Enumerable.Range(0, ReadCount).Where(i => !onPage.Contains(i)).Select(ReadDocument)),
            Sorted(result.Collections[Reads].Documents)
        );
        AssertWhole(result, Audit, Blobs);
        SalvageProblem problem = Assert.Single(result.Problems);
        Assert.Equal((SalvageFile.Data, page), (problem.File, problem.Page));
        Assert.Contains("blank", problem.What, StringComparison.Ordinal);
        Assert.Equal((1, 0), (result.LostPages, result.LostDocuments));
    }

    [Fact]
    public void A_zeroed_page_in_the_middle_of_a_large_document_loses_that_document_only()
    {
        // A blob's middle block fills a page of its own and points on to the blob's last block.
        int page = RawPages
            .DataPages(_data, _clean.Collections[Blobs].Id)
            .First(p => RawPages.Blocks(_data, p) is [{ Continuation: true, NextPage: not uint.MaxValue }]);
        int blob = Enumerable.Range(0, BlobCount).Single(i => RawPages.Holds(_data, page, BlobText(i)[..100]));
        RawPages.Page(_data, page).Clear();

        SalvageResult result = SalvageOf(_data, null);

        Assert.Equal(
            Enumerable.Range(0, BlobCount).Where(i => i != blob).Select(i => $"blob-{i}").Order(),
            result.Collections[Blobs].Documents.Select(d => d["_id"].AsString).Order()
        );
        AssertWhole(result, Reads, Audit);
        Assert.Equal((1, 1), (result.LostPages, result.LostDocuments));
        Assert.Contains(result.Problems, p => p.What.Contains("lost page", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.What.Contains("continuation block", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_that_cannot_be_read_is_reported_with_its_number_and_costs_only_its_documents()
    {
        int page = RawPages.DataPages(_data, _clean.Collections[Reads].Id).First();
        HashSet<int> onPage = ReadsOn(page);

        SalvageResult result = new LiteDbSalvageReader(new FailingPageSource(new PlainPageSource(new MemoryStream(_data)), page)).Read();

        SalvageProblem problem = Assert.Single(result.Problems);
        Assert.Equal((SalvageFile.Data, page), (problem.File, problem.Page));
        Assert.Contains(FailingPageSource.Why, problem.What, StringComparison.Ordinal);
        Assert.Equal(1, result.LostPages);
        Assert.Equal(ReadCount - onPage.Count, result.Collections[Reads].Documents.Count);
        Assert.DoesNotContain(result.Collections[Reads].Documents, d => onPage.Contains((int)d["_id"].AsInt64));
        AssertWhole(result, Audit, Blobs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Without_the_header_page_every_document_is_still_salvaged_under_its_collection_id(bool unreadable)
    {
        IPageSource source = new PlainPageSource(new MemoryStream(_data));
        if (unreadable)
        {
            source = new FailingPageSource(source, 0);
        }
        else
        {
            RawPages.Page(_data, 0).Clear();
        }

        SalvageResult result = new LiteDbSalvageReader(source).Read();

        Assert.Equal(3, result.Collections.Count);
        foreach (string name in new[] { Reads, Audit, Blobs })
        {
            SalvagedCollection found = result.Collections[$"col_{_clean.Collections[name].Id}"];
            Assert.False(found.NamedInHeader);
            Assert.Equal(Sorted(_clean.Collections[name].Documents), Sorted(found.Documents));
        }

        Assert.Equal(1, result.LostPages);
        Assert.Contains(result.Problems, p => p is { File: SalvageFile.Data, Page: 0 });
    }

    [Fact]
    public async Task Block_pointers_that_loop_cost_the_one_document_and_end()
    {
        // Point a blob's last block back at its middle block.
        uint blobs = _clean.Collections[Blobs].Id;
        (int page, RawPages.Block block) first = RawPages
            .DataPages(_data, blobs)
            .SelectMany(p => RawPages.Blocks(_data, p).Select(b => (p, b)))
            .First(x => !x.b.Continuation && x.b.NextPage != uint.MaxValue);
        (uint middlePage, byte middleSlot) = (first.block.NextPage, first.block.NextSlot);
        RawPages.Block middle = RawPages.Blocks(_data, (int)middlePage).Single(b => b.Slot == middleSlot);
        RawPages.Block last = RawPages.Blocks(_data, (int)middle.NextPage).Single(b => b.Slot == middle.NextSlot);
        Assert.Equal(uint.MaxValue, last.NextPage);
        RawPages.SetNext(_data, (int)middle.NextPage, last, middlePage, middleSlot);

        // A hang fails the test (TimeoutException) instead of stopping the suite.
        SalvageResult result = await Task.Run(() => SalvageOf(_data, null)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(BlobCount - 1, result.Collections[Blobs].Documents.Count);
        Assert.Equal(1, result.LostDocuments);
        Assert.Contains(result.Problems, p => p.Page == first.page && p.What.Contains("loop back", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_found_twice_is_kept_once_and_the_copy_reported()
    {
        // A stale copy of a reads page, as a page that should have been freed might be.
        int page = RawPages.DataPages(_data, _clean.Collections[Reads].Id).First();
        int copies = ReadsOn(page).Count;
        int added = RawPages.Count(_data);
        byte[] data = [.. _data, .. RawPages.Page(_data, page)];
        BitConverter.TryWriteBytes(RawPages.Page(data, added), (uint)added);

        SalvageResult result = SalvageOf(data, null);

        Assert.Equal(Sorted(_clean.Collections[Reads].Documents), Sorted(result.Collections[Reads].Documents));
        Assert.Equal(copies, result.DuplicateDocuments);
        Assert.Equal(copies, result.Problems.Count(p => p.Page == added && p.What.Contains("repeats _id", StringComparison.Ordinal)));
        Assert.Equal((0, 0), (result.LostPages, result.LostDocuments));
    }

    [Fact]
    public void A_page_written_in_the_wrong_place_is_not_trusted()
    {
        // A misdirected write: page `first`'s bytes land on page `second` too, whose reads are gone either way.
        int[] pages = [.. RawPages.DataPages(_data, _clean.Collections[Reads].Id).Take(2)];
        HashSet<int> lost = ReadsOn(pages[1]);
        RawPages.Page(_data, pages[0]).CopyTo(RawPages.Page(_data, pages[1]));

        SalvageResult result = SalvageOf(_data, null);

        SalvageProblem problem = Assert.Single(result.Problems);
        Assert.Equal((SalvageFile.Data, pages[1]), (problem.File, problem.Page));
        Assert.Contains($"holds page {pages[0]}", problem.What, StringComparison.Ordinal);
        Assert.Equal((1, 0), (result.LostPages, result.DuplicateDocuments));
        Assert.Equal(ReadCount - lost.Count, result.Collections[Reads].Documents.Count);
    }

    private HashSet<int> ReadsOn(int page) => [.. Enumerable.Range(0, ReadCount).Where(i => RawPages.Holds(_data, page, Tag(i)))];

    private void AssertWhole(SalvageResult result, params string[] collections)
    {
        foreach (string name in collections)
        {
            Assert.Equal(Sorted(_clean.Collections[name].Documents), Sorted(result.Collections[name].Documents));
        }
    }
}
