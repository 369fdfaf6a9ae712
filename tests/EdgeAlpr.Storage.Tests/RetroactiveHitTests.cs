using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage.Tests;

/// <summary>
/// A hit found on a read made before its entry was listed is kept with that read, queued first, and keeps the
/// read as long as a hit.
/// </summary>
public sealed class RetroactiveHitTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_past_read_hit_becomes_a_hit_of_that_read_and_goes_first()
    {
        PlateRead earlier = StoreFixture.Read("AMB3R1", _fixture.Clock.Now);
        await using EvidenceStore store = _fixture.Open();
        StoredReceipt receipt = await store.Reads.StoreAsync(new ReadSubmission(earlier, []));
        Assert.Equal(RetentionClass.Routine, receipt.Class);
        store.Outbox.MarkForwarded([.. store.Outbox.PendingOutbox(100).Select(i => i.Id)]);

        HotListHit found = StoreFixture.Hit("AMB3R1", HotListCategory.AmberAlert) with
        {
            Retroactive = new RetroactiveRead(earlier.Id, "cam1", earlier.CapturedAt, TimeSpan.FromMinutes(12)),
        };
        HotListHit gone = found with
        {
            Retroactive = new RetroactiveRead(Guid.CreateVersion7(), "cam1", earlier.CapturedAt, TimeSpan.FromMinutes(30)),
        };
        var recorded = store.Reads.RecordRetroactiveHits([found, gone]);

        (Guid hitId, HotListHit hit, string camera) = Assert.Single(recorded);
        Assert.Equal(("cam1", HotListCategory.AmberAlert), (camera, hit.Entry.Category));
        StoredRead read = store.Reads.FindRead(earlier.Id)!;
        Assert.Contains(hitId, read.HitIds);
        Assert.Equal(RetentionClass.Serious, read.Class);
        StoredHit stored = store.Reads.FindHit(hitId)!;
        Assert.Equal(earlier.Id, stored.ReadId);
        Assert.Equal(12, stored.Record.Retroactive!.MinutesAgo);
        OutboxItem first = store.Outbox.PendingOutbox(100)[0];
        Assert.Equal((OutboxKind.Hit, hitId), (first.Kind, first.RefId!.Value));
        Assert.Single(store.AuditLog.AuditTrail("retroactive_hit"));
    }

    [Fact]
    public async Task Nothing_to_record_is_no_write()
    {
        await using EvidenceStore store = _fixture.Open();
        int before = store.Outbox.PendingOutbox(100).Count;
        Assert.Empty(store.Reads.RecordRetroactiveHits([StoreFixture.Hit("ABC123")]));
        Assert.Empty(store.Reads.RecordRetroactiveHits([]));
        Assert.Equal(before, store.Outbox.PendingOutbox(100).Count);
    }
}
