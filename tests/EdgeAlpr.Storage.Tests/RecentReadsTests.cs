using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage.Tests;

/// <summary>The live screen's reads: newest first by capture time, bounded, only those after a moment, each with its hit ids.</summary>
public sealed class RecentReadsTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Recent_reads_come_newest_first_by_capture_time_bounded_and_after_a_moment()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset now = _fixture.Clock.GetUtcNow();
        // Stored out of capture order: a camera's backlog can arrive after a later read.
        StoredReceipt middle = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("MID0002", now.AddSeconds(-20)), []));
        StoredReceipt newest = await store.Reads.StoreAsync(
            new ReadSubmission(StoreFixture.Read("NEW0003", now.AddSeconds(-5)), [StoreFixture.Hit("NEW0003")])
        );
        StoredReceipt oldest = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD0001", now.AddMinutes(-5)), []));

        IReadOnlyList<StoredRead> all = store.Reads.ListRecentReads(10, null);
        Assert.Equal([newest.ReadId, middle.ReadId, oldest.ReadId], all.Select(r => r.Id));
        Assert.Equal(newest.HitIds, all[0].HitIds);
        Assert.Empty(all[1].HitIds);
        Assert.Equal(["context", "plate"], all[0].Images.Select(i => i.Role).Order());

        Assert.Equal([newest.ReadId, middle.ReadId], store.Reads.ListRecentReads(2, null).Select(r => r.Id));
        // "after" is exclusive: a screen that asks after the newest it has gets nothing again.
        Assert.Equal([newest.ReadId, middle.ReadId], store.Reads.ListRecentReads(10, now.AddMinutes(-1)).Select(r => r.Id));
        Assert.Empty(store.Reads.ListRecentReads(10, now.AddSeconds(-5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Reads.ListRecentReads(0, null));
    }
}
