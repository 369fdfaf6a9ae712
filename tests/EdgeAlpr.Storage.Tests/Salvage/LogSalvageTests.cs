using EdgeAlpr.Storage.Salvage;
using static EdgeAlpr.Storage.Tests.Salvage.SalvageSample;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>The log's committed transactions win over the data file; what never committed is not salvaged.</summary>
public sealed class LogSalvageTests
{
    [Fact]
    public void Committed_data_that_is_only_in_the_log_is_salvaged()
    {
        var sample = new SalvageSample(checkpoint: true);
        sample.Write(db =>
        {
            db.GetCollection("late").InsertBulk(Enumerable.Range(1000, 50).Select(ReadDocument));
            db.GetCollection(Reads).Insert(ReadDocument(5000));
        });
        byte[] data = sample.Data;
        byte[] log = sample.Log;
        Assert.NotEmpty(log);

        SalvageResult withLog = SalvageOf(data, log);
        SalvageResult dataOnly = SalvageOf(data, null);

        Assert.Empty(withLog.Problems);
        Assert.Equal(WhatLiteDbReads(data, log), Salvaged(withLog));
        Assert.Equal(50, withLog.Collections["late"].Documents.Count);
        Assert.Contains(withLog.Collections[Reads].Documents, d => d["_id"].AsInt64 == 5000);
        Assert.False(dataOnly.Collections.ContainsKey("late"));
        Assert.Equal(ReadCount, dataOnly.Collections[Reads].Documents.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_transaction_whose_last_log_page_is_not_confirmed_is_ignored(bool cutShort)
    {
        var sample = new SalvageSample(checkpoint: true);
        sample.Write(db => db.GetCollection(Reads).InsertBulk(Enumerable.Range(1000, 50).Select(ReadDocument)));
        sample.Write(db => db.GetCollection(Reads).InsertBulk(Enumerable.Range(2000, 50).Select(ReadDocument)));
        byte[] data = sample.Data;
        byte[] log = sample.Log;
        int last = RawPages.Count(log) - 1;
        uint tail = RawPages.TransactionId(log, last);
        Assert.True(RawPages.TransactionId(log, last - 1) == tail, "the tail transaction should span pages");
        if (cutShort)
        {
            // The power went before the confirming page was written.
            log = log[..(last * RawPages.Size)];
        }
        else
        {
            RawPages.Page(log, last)[18] = 0;
        }

        SalvageResult result = SalvageOf(data, log);

        Assert.Equal(
            Sorted(Enumerable.Range(0, ReadCount).Concat(Enumerable.Range(1000, 50)).Select(ReadDocument)),
            Sorted(result.Collections[Reads].Documents)
        );
        Assert.Equal(WhatLiteDbReads(data, log), Salvaged(result));
        SalvageProblem problem = Assert.Single(result.Problems);
        Assert.Equal(SalvageFile.Log, problem.File);
        Assert.Contains($"transaction {tail} was not committed", problem.What, StringComparison.Ordinal);
        Assert.Equal(0, result.LostPages);
    }

    [Fact]
    public void An_unreadable_log_page_is_reported_with_its_place_in_the_log()
    {
        var sample = new SalvageSample(checkpoint: false);
        byte[] data = sample.Data;
        byte[] log = sample.Log;

        // Log page 0 is the first transaction's only page (the header, with checkpoints turned off); later copies supersede it.
        SalvageResult result = new LiteDbSalvageReader(
            new PlainPageSource(new MemoryStream(data)),
            new FailingPageSource(new PlainPageSource(new MemoryStream(log)), 0)
        ).Read();

        SalvageProblem problem = Assert.Single(result.Problems);
        Assert.Equal((SalvageFile.Log, 0), (problem.File, problem.Page));
        Assert.Contains(FailingPageSource.Why, problem.What, StringComparison.Ordinal);
        Assert.Equal(1, result.LostPages);
        Assert.Equal(WhatLiteDbReads(data, log), Salvaged(result));
    }
}
