using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage.Tests;

public sealed class RetentionTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Routine_reads_go_after_90_days_and_hits_after_7_years_but_never_before_they_are_forwarded()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset t0 = _fixture.Clock.Now;
        StoredReceipt routine = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("RTN001", t0), []));
        StoredReceipt unforwarded = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("RTN002", t0), []));
        StoredReceipt serious = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("HIT001", t0), [StoreFixture.Hit("HIT001")]));
        StoredReceipt evidence = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("EVD001", t0), []) { Evidence = true });
        Assert.Equal(RetentionClass.Serious, evidence.Class);
        ForwardAllBut(store, unforwarded.ReadId);
        StoredRead routineRead = store.Reads.FindRead(routine.ReadId)!;

        _fixture.Clock.Now = t0.AddDays(89);
        Assert.Equal(0, store.Retention.Purge(dryRun: false).Reads);

        _fixture.Clock.Now = t0.AddDays(91);
        PurgeReport dry = store.Retention.Purge(dryRun: true);
        Assert.Equal((1, 2, 1), (dry.Reads, dry.Images, dry.HeldNotForwarded));
        Assert.NotNull(store.Reads.FindRead(routine.ReadId));

        PurgeReport purged = store.Retention.Purge(dryRun: false);
        Assert.Equal((1, 2, 1), (purged.Reads, purged.Images, purged.HeldNotForwarded));
        Assert.Null(store.Reads.FindRead(routine.ReadId));
        Assert.False(File.Exists(ImagePath(routineRead.Images[0].Sha256)));
        Assert.NotNull(store.Reads.FindRead(unforwarded.ReadId));
        Assert.NotNull(store.Reads.FindRead(serious.ReadId));
        Assert.Contains(store.AuditLog.AuditTrail("reads_purged"), a =>
            a.Details["reads"]!.AsArray().Any(r => Guid.Parse((string)r!["read_id"]!) == routine.ReadId)
        );

        _fixture.Clock.Now = t0.AddDays(7 * 365 + 3);
        PurgeReport late = store.Retention.Purge(dryRun: false);
        Assert.Equal((2, 1), (late.Reads, late.Hits));
        Assert.Null(store.Reads.FindRead(serious.ReadId));
        Assert.Null(store.Reads.FindRead(evidence.ReadId));
        Assert.NotNull(store.Reads.FindRead(unforwarded.ReadId));
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
        ForwardAllBut(store, Guid.Empty);

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
        ForwardAllBut(store, Guid.Empty);
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

    internal static void ForwardAllBut(EvidenceStore store, Guid keep)
    {
        while (store.Outbox.PendingOutbox(1000).Where(i => i.RefId != keep).Select(i => i.Id).ToList() is { Count: > 0 } ids)
        {
            store.Outbox.MarkForwarded(ids);
        }
    }

    private string ImagePath(string sha) => _fixture.ImagePath(sha);
}
