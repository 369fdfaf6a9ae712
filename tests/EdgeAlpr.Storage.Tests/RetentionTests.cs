using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage.Tests;

public sealed class RetentionTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Routine_reads_go_90_days_after_capture_forwarded_or_not_and_serious_records_after_7_years_once_forwarded()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset t0 = _fixture.Clock.Now;
        StoredReceipt routine = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("RTN001", t0), []));
        StoredReceipt unforwarded = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("RTN002", t0.AddMinutes(1)), []));
        StoredReceipt serious = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("HIT001", t0), [StoreFixture.Hit("HIT001")]));
        StoredReceipt heldHit = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("HIT002", t0), [StoreFixture.Hit("HIT002")]));
        StoredReceipt evidence = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("EVD001", t0), []) { Evidence = true });
        Assert.Equal(RetentionClass.Serious, evidence.Class);
        ForwardAllBut(store, [unforwarded.ReadId, heldHit.ReadId, .. heldHit.HitIds]);
        StoredRead routineRead = store.Reads.FindRead(routine.ReadId)!;
        StoredRead unforwardedRead = store.Reads.FindRead(unforwarded.ReadId)!;
        var healthChanges = new List<StorageHealth>();
        store.Reads.HealthChanged += healthChanges.Add;

        _fixture.Clock.Now = t0.AddDays(89);
        Assert.Equal(0, store.Retention.Purge(dryRun: false).Reads);

        _fixture.Clock.Now = t0.AddDays(91);
        PurgeReport dry = store.Retention.Purge(dryRun: true);
        Assert.Equal((2, 1, 4, 0), (dry.Reads, dry.UnforwardedReads, dry.Images, dry.HeldNotForwarded));
        Assert.NotNull(store.Reads.FindRead(unforwarded.ReadId));
        Assert.Empty(store.AuditLog.AuditTrail("unforwarded_reads_purged"));

        PurgeReport purged = store.Retention.Purge(dryRun: false, actor: "clerk.lee");
        Assert.Equal((2, 1, 4, 0), (purged.Reads, purged.UnforwardedReads, purged.Images, purged.HeldNotForwarded));
        Assert.Null(store.Reads.FindRead(routine.ReadId));
        Assert.Null(store.Reads.FindRead(unforwarded.ReadId));
        Assert.False(File.Exists(ImagePath(routineRead.Images[0].Sha256)));
        Assert.All(unforwardedRead.Images, i => Assert.False(File.Exists(ImagePath(i.Sha256))));
        Assert.NotNull(store.Reads.FindRead(serious.ReadId));
        Assert.NotNull(store.Reads.FindRead(heldHit.ReadId));

        // The read the platform never had leaves the outbox with it, and is audited on its own.
        Assert.DoesNotContain(store.Outbox.PendingOutbox(1000), i => i.RefId == unforwarded.ReadId);
        StoredAuditEvent distinct = Assert.Single(store.AuditLog.AuditTrail("unforwarded_reads_purged"));
        Assert.Equal("clerk.lee", distinct.Actor);
        System.Text.Json.Nodes.JsonNode listed = Assert.Single(distinct.Details["reads"]!.AsArray())!;
        Assert.Equal(unforwarded.ReadId, Guid.Parse((string)listed["read_id"]!));
        Assert.Equal(t0.AddMinutes(1), DateTimeOffset.Parse((string)listed["captured_at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(unforwardedRead.Images.Select(i => i.Sha256), listed["images"]!.AsArray().Select(i => (string)i!));
        Assert.Contains(store.AuditLog.AuditTrail("reads_purged"), a =>
            a.Details["reads"]!.AsArray().Any(r => Guid.Parse((string)r!["read_id"]!) == routine.ReadId)
        );

        // Health and stats say so, and keep saying so after the store is opened again.
        Assert.Equal(1, store.Reads.Health.Retention.UnforwardedReadsPurged);
        Assert.Equal(t0.AddDays(91), store.Reads.Health.Retention.LastUnforwardedPurgeAt);
        Assert.Contains(healthChanges, h => h.Retention.UnforwardedReadsPurged == 1);
        Assert.Equal(1, store.Administration.Stats().Retention.UnforwardedReadsPurged);

        _fixture.Clock.Now = t0.AddDays(7 * 365 + 3);
        PurgeReport late = store.Retention.Purge(dryRun: false);
        Assert.Equal((2, 0, 1), (late.Reads, late.UnforwardedReads, late.Hits));
        Assert.Null(store.Reads.FindRead(serious.ReadId));
        Assert.Null(store.Reads.FindRead(evidence.ReadId));
        // A hit the platform does not have is kept past its term, with its read.
        Assert.True(late.HeldNotForwarded >= 2, $"held {late.HeldNotForwarded}");
        Assert.NotNull(store.Reads.FindRead(heldHit.ReadId));
        Assert.NotNull(store.Reads.FindHit(heldHit.HitIds[0]));
        Assert.True(store.AuditLog.VerifyAudit().Ok);
    }

    [Fact]
    public async Task What_retention_purged_unforwarded_is_still_counted_after_the_store_is_opened_again()
    {
        var lost = new List<Guid>();
        await using (EvidenceStore store = _fixture.Open())
        {
            lost.Add((await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("LOST01", _fixture.Clock.Now), []))).ReadId);
            lost.Add((await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("LOST02", _fixture.Clock.Now), []))).ReadId);
            _fixture.Clock.Advance(TimeSpan.FromDays(90.5));
            Assert.Equal(2, store.Retention.Purge(dryRun: false).UnforwardedReads);
        }

        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Equal(2, store.Reads.Health.Retention.UnforwardedReadsPurged);
            Assert.Equal(2, store.Administration.Stats().Retention.UnforwardedReadsPurged);
            Assert.DoesNotContain(store.Outbox.PendingOutbox(1000), i => i.RefId is { } id && lost.Contains(id));
        }
    }

    [Fact]
    public async Task An_image_two_reads_share_stays_while_either_read_is_kept()
    {
        byte[] scene = new byte[12_000];
        Random.Shared.NextBytes(scene);
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset t0 = _fixture.Clock.Now;
        StoredReceipt older = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD100", t0, sharedContext: scene), []));
        _fixture.Clock.Now = t0.AddDays(30);
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("NEW200", t0.AddDays(30), sharedContext: scene), []));
        ForwardAllBut(store, []);

        _fixture.Clock.Now = t0.AddDays(100);
        PurgeReport report = store.Retention.Purge(dryRun: false);
        Assert.Equal((1, 1), (report.Reads, report.Images));
        Assert.Null(store.Reads.FindRead(older.ReadId));
        Assert.True(File.Exists(ImagePath(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(scene)))));
        Assert.True(store.Administration.Verify().Ok);
    }

    [Fact]
    public async Task Retention_is_configurable()
    {
        _fixture.Options.ReadRetention = TimeSpan.FromDays(30);
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset t0 = _fixture.Clock.Now;
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("CFG300", t0), []));
        ForwardAllBut(store, []);
        _fixture.Clock.Now = t0.AddDays(31);
        Assert.Equal(1, store.Retention.Purge(dryRun: false).Reads);
    }

    [Fact]
    public async Task Crash_leftover_images_are_swept_once_an_hour_old()
    {
        await using EvidenceStore store = _fixture.Open();
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("KEEP01", _fixture.Clock.Now), []));
        string orphan = ImagePath(new string('a', 64));
        await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-2));
        _fixture.Clock.Now = DateTimeOffset.UtcNow;

        Assert.Equal(1, store.Retention.Purge(dryRun: true, orphans: true).Orphans);
        Assert.True(File.Exists(orphan));
        Assert.Equal(1, store.Retention.Purge(dryRun: false, orphans: true).Orphans);
        Assert.False(File.Exists(orphan));
        Assert.True(store.Administration.Verify().Ok);
    }

    internal static void ForwardAllBut(EvidenceStore store, IReadOnlyCollection<Guid> keep)
    {
        while (
            store.Outbox.PendingOutbox(1000).Where(i => i.RefId is not { } id || !keep.Contains(id)).Select(i => i.Id).ToList() is { Count: > 0 } ids
        )
        {
            store.Outbox.MarkForwarded(ids);
        }
    }

    private string ImagePath(string sha) => _fixture.ImagePath(sha);
}
