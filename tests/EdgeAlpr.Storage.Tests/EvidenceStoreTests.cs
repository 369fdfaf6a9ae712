using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage.Tests;

public sealed class EvidenceStoreTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_stored_read_comes_back_whole_after_reopening_with_its_images_and_hits()
    {
        PlateRead read = StoreFixture.Read("ABC1234", _fixture.Clock.Now);
        StoredReceipt receipt;
        await using (EvidenceStore store = _fixture.Open())
        {
            receipt = await store.Reads.StoreAsync(new ReadSubmission(read, [StoreFixture.Hit("ABC1234")]) { State = "IL" });
        }

        Assert.Equal(RetentionClass.Serious, receipt.Class);
        await using (EvidenceStore store = _fixture.Open())
        {
            StoredRead stored = Assert.IsType<StoredRead>(store.Reads.FindRead(read.Id));
            Assert.Equal(
                ("ABC1234", "cam1", "northbound", "IL", 5),
                (stored.Plate, stored.CameraId, stored.Direction, stored.State, stored.FramesUsed)
            );
            Assert.Equal(read.CapturedAt, stored.CapturedAt);
            Assert.Equal(read.Candidates, stored.Candidates);
            Assert.Equal(read.Location, stored.Location);
            Assert.Equal(receipt.HitIds, stored.HitIds);
            Assert.Null(stored.ForwardedAt);
            Assert.Equal(read.PlateImage.Bytes, store.Reads.ReadImage(stored.Images[0].Sha256));
            Assert.Equal(read.ContextImage.Bytes, store.Reads.ReadImage(stored.Images[1].Sha256));
            Assert.Equal(
                (1, 1, 0),
                (
                    (int)store.Administration.Stats().Reads,
                    (int)store.Administration.Stats().Hits,
                    (int)store.Administration.Stats().ReadsWithoutImages
                )
            );
        }
    }

    [Fact]
    public async Task Image_files_are_sealed_read_only_and_named_by_a_keyed_hash_that_does_not_reveal_their_sha256()
    {
        PlateRead read = StoreFixture.Read("XYZ987", _fixture.Clock.Now);
        await using EvidenceStore store = _fixture.Open();
        await store.Reads.StoreAsync(new ReadSubmission(read, []));
        string path = _fixture.ImagePath(read.PlateImage.Sha256);
        byte[] onDisk = await File.ReadAllBytesAsync(path);
        Assert.Equal(read.PlateImage.Bytes.Length + 40, onDisk.Length);
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(read.PlateImage.Bytes.AsSpan(0, 32)));
        Assert.DoesNotContain(read.PlateImage.Sha256, path, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
        Assert.Equal(read.PlateImage.Bytes, store.Reads.ReadImage(read.PlateImage.Sha256));
        Assert.Empty(Directory.GetFiles(_fixture.Options.Directory, read.PlateImage.Sha256, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_outbox_delivers_hits_first_and_a_failed_item_goes_to_the_back_with_its_error()
    {
        await using EvidenceStore store = _fixture.Open();
        StoredReceipt plain = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("AAA111", _fixture.Clock.Now), []));
        StoredReceipt withHit = await store.Reads.StoreAsync(
            new ReadSubmission(StoreFixture.Read("BBB222", _fixture.Clock.Now), [StoreFixture.Hit("BBB222")])
        );

        List<OutboxItem> pending = store.Outbox.PendingOutbox(100).Where(i => i.Kind != OutboxKind.Audit).ToList();
        Assert.Equal(OutboxKind.Hit, pending[0].Kind);
        Assert.Equal(withHit.HitIds[0], pending[0].RefId);
        Assert.Equal([plain.ReadId, withHit.ReadId], pending.Where(i => i.Kind == OutboxKind.Read).Select(i => i.RefId!.Value));

        OutboxItem first = store.Outbox.PendingOutbox(100).First(i => i.Kind == OutboxKind.Read);
        store.Outbox.MarkFailed(first.Id, "broker unreachable", _fixture.Clock.Now.AddMinutes(1));
        Assert.DoesNotContain(store.Outbox.PendingOutbox(100), i => i.RefId == first.RefId);
        _fixture.Clock.Now = _fixture.Clock.Now.AddMinutes(2);
        OutboxItem retried = store.Outbox.PendingOutbox(100).Last();
        Assert.Equal((first.RefId, 1, "broker unreachable"), (retried.RefId, retried.Attempts, retried.LastError));

        Assert.Equal(store.Outbox.PendingOutbox(100).Count, store.Outbox.MarkForwarded(store.Outbox.PendingOutbox(100).Select(i => i.Id).ToList()));
        Assert.NotNull(store.Reads.FindRead(plain.ReadId)!.ForwardedAt);
        Assert.Equal(0, store.Administration.Stats().ReadsNotForwarded);
    }

    [Fact]
    public async Task A_disposition_needs_its_verification_source_to_accept_and_is_audited()
    {
        await using EvidenceStore store = _fixture.Open();
        StoredReceipt receipt = await store.Reads.StoreAsync(
            new ReadSubmission(StoreFixture.Read("HIT777", _fixture.Clock.Now), [StoreFixture.Hit("HIT777")])
        );
        Guid hit = receipt.HitIds[0];

        var unverified = new HitDisposition(hit, HitDecision.Accepted, "Ofc. Diaz #4411", null, null, _fixture.Clock.Now);
        Assert.Contains(
            "verified with",
            Assert.Throws<ArgumentException>(() => store.Reads.RecordDisposition(unverified)).Message,
            StringComparison.Ordinal
        );
        Assert.Throws<StoreException>(() => store.Reads.RecordDisposition(unverified with { HitId = Guid.NewGuid(), VerifiedWith = "NCIC" }));

        Guid id = store.Reads.RecordDisposition(unverified with { VerifiedWith = "NCIC" });
        Assert.Equal([id], store.Reads.DispositionsOf(hit));
        StoredAuditEvent audit = Assert.Single(store.AuditLog.AuditTrail("hit_disposition"));
        Assert.Equal("Ofc. Diaz #4411", audit.Actor);
        Assert.Contains(store.Outbox.PendingOutbox(100), i => i.Kind == OutboxKind.Disposition && i.RefId == id);
    }

    [Fact]
    public async Task Reads_arriving_together_become_durable_together_and_identical_images_are_kept_once()
    {
        byte[] scene = new byte[30_000];
        Random.Shared.NextBytes(scene);
        await using EvidenceStore store = _fixture.Open();
        var reads = Enumerable.Range(0, 50).Select(i => StoreFixture.Read($"CAR{i:D3}", _fixture.Clock.Now, sharedContext: scene)).ToList();
        StoredReceipt[] receipts = await Task.WhenAll(reads.Select(r => store.Reads.StoreAsync(new ReadSubmission(r, []))));
        Assert.Equal(reads.Select(r => r.Id), receipts.Select(r => r.ReadId));
        Assert.Equal(51, store.Administration.Stats().ImageFiles);
        Assert.True(store.Administration.Verify().Ok);
    }

    [Fact]
    public async Task Reads_since_a_moment_feed_past_read_matching()
    {
        await using EvidenceStore store = _fixture.Open();
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD111", _fixture.Clock.Now.AddHours(-30)), []));
        PlateRead recent = StoreFixture.Read("NEW222", _fixture.Clock.Now.AddHours(-2));
        await store.Reads.StoreAsync(new ReadSubmission(recent, []) { State = "IL" });
        RecentRead only = Assert.Single(store.Reads.Since(_fixture.Clock.Now.AddHours(-24)));
        Assert.Equal((recent.Id, "IL", "NEW222"), (only.ReadId, only.State, only.Candidates[0].Text));
    }

    [Fact]
    public async Task A_second_process_cannot_open_a_store_in_use()
    {
        await using EvidenceStore store = _fixture.Open();
        StoreException refused = Assert.Throws<StoreException>(() => _fixture.Open());
        Assert.Contains("in use", refused.Message, StringComparison.Ordinal);
    }
}
