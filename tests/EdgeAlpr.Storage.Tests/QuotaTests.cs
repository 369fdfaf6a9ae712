using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage.Tests;

public sealed class QuotaTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Over_quota_the_store_pauses_scene_images_then_drops_forwarded_routine_images_then_forwarded_reads_and_nothing_the_platform_lacks()
    {
        _fixture.Options.QuotaMegabytes = 0;
        var routine = new List<StoredReceipt>();
        StoredReceipt hit;
        await using (EvidenceStore store = _fixture.Open())
        {
            for (int i = 0; i < 12; i++)
            {
                routine.Add(
                    await store.Reads.StoreAsync(
                        new ReadSubmission(StoreFixture.Read($"QTA{i:D3}", _fixture.Clock.Now.AddMinutes(i), imageBytes: 250_000), [])
                    )
                );
            }

            hit = await store.Reads.StoreAsync(
                new ReadSubmission(StoreFixture.Read("HIT999", _fixture.Clock.Now, imageBytes: 250_000), [StoreFixture.Hit("HIT999")])
            );
            // The platform has the eight newest routine reads; the four oldest it does not have.
            store.Outbox.MarkForwarded(
                store.Outbox.PendingOutbox(1000).Where(i => routine.Skip(4).Any(r => r.ReadId == i.RefId)).Select(i => i.Id).ToList()
            );
        }

        List<StoredRead> unforwarded = [];
        // 13 reads of 1 MB of images and a database of ~2 MB: a 12 MB quota is ~3 MB short, about
        // three forwarded reads' images.
        _fixture.Options.QuotaMegabytes = 12;
        await using (EvidenceStore store = _fixture.Open())
        {
            unforwarded = routine.Take(4).Select(r => store.Reads.FindRead(r.ReadId)!).ToList();
            QuotaPlan plan = store.Retention.EnforceQuota();
            Assert.True(plan.PauseContextImages);
            Assert.Empty(plan.DropReads);
            Assert.Equal(routine.Skip(4).Select(r => r.ReadId).Take(plan.DropImages.Count), plan.DropImages.Select(c => c.ReadId));
            Assert.InRange(plan.DropImages.Count, 1, 6);
            Assert.Equal(0, plan.BytesStillOver);
            Assert.NotNull(store.Reads.FindRead(routine[4].ReadId)!.ImagesDroppedAt);
            Assert.Null(store.Reads.FindRead(hit.ReadId)!.ImagesDroppedAt);
            Assert.All(unforwarded, r => Assert.Null(store.Reads.FindRead(r.Id)!.ImagesDroppedAt));
            Assert.True(store.Administration.Verify().Ok);

            StoredAuditEvent paused = Assert.Single(store.AuditLog.AuditTrail("quota_context_images_paused"));
            Assert.True((long)paused.Details["bytes_over"]! > 0);
            StoredAuditEvent audit = Assert.Single(store.AuditLog.AuditTrail("images_dropped"));
            Assert.Equal(plan.DropImages.Select(c => c.ReadId), audit.Details["reads"]!.AsArray().Select(r => Guid.Parse((string)r!["read_id"]!)));
            Assert.All(audit.Details["reads"]!.AsArray(), r => Assert.True((bool)r!["forwarded"]!));
            RetentionHealth health = store.Reads.Health.Retention;
            Assert.True(health.ContextImagesPaused);
            Assert.Equal(plan.DropImages.Count, health.QuotaImagesDropped);
            Assert.False(health.OverQuota);
        }

        // Far over quota: every forwarded image goes, then the forwarded reads; what is left (reads the
        // platform lacks, the hit) is not enough, so the store stays over and says so.
        _fixture.Options.QuotaMegabytes = 5;
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.True(store.Reads.Health.Retention.ContextImagesPaused, "the pause is kept in the store");
            QuotaPlan plan = store.Retention.EnforceQuota();
            Assert.Equal(routine.Skip(4).Select(r => r.ReadId), plan.DropReads.Select(c => c.ReadId));
            Assert.True(plan.BytesStillOver > 0);
            foreach (QuotaCandidate dropped in plan.DropReads)
            {
                Assert.Null(store.Reads.FindRead(dropped.ReadId));
            }

            foreach (StoredRead kept in unforwarded.Append(store.Reads.FindRead(hit.ReadId)!))
            {
                StoredRead now = store.Reads.FindRead(kept.Id)!;
                Assert.Null(now.ImagesDroppedAt);
                Assert.All(now.Images, i => store.Reads.ReadImage(i.Sha256));
            }

            Assert.Contains(store.AuditLog.AuditTrail("reads_purged"), a => (string?)a.Details["reason"] == "quota");
            Assert.Empty(store.AuditLog.AuditTrail("unforwarded_reads_purged"));
            Assert.True(store.Reads.Health.Retention.OverQuota);
            Assert.Equal(plan.BytesStillOver, store.Reads.Health.Retention.BytesOverQuota);
            Assert.Equal(8, store.Reads.Health.Retention.QuotaReadsDropped);
            Assert.True(store.Administration.Stats().Retention.OverQuota);
            Assert.True(store.Administration.Verify().Ok);

            // While paused, a new routine read keeps its plate crop only; a hit keeps both images.
            StoredReceipt plain = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("NEW001", _fixture.Clock.Now), []));
            StoredReceipt newHit = await store.Reads.StoreAsync(
                new ReadSubmission(StoreFixture.Read("NEW002", _fixture.Clock.Now), [StoreFixture.Hit("NEW002")])
            );
            Assert.Equal(["plate"], store.Reads.FindRead(plain.ReadId)!.Images.Select(i => i.Role));
            Assert.Equal(["plate", "context"], store.Reads.FindRead(newHit.ReadId)!.Images.Select(i => i.Role));
            Assert.Equal(1, store.Reads.Health.Retention.ContextImagesNotKept);
            Assert.True(store.Administration.Verify().Ok);
        }

        // Room again (a larger quota): scene images are kept again, and that is audited too.
        _fixture.Options.QuotaMegabytes = 100;
        await using (EvidenceStore store = _fixture.Open())
        {
            QuotaPlan plan = store.Retention.EnforceQuota();
            Assert.False(plan.PauseContextImages);
            Assert.True(plan.IsEmpty);
            Assert.Single(store.AuditLog.AuditTrail("quota_context_images_resumed"));
            Assert.False(store.Reads.Health.Retention.ContextImagesPaused);
            Assert.False(store.Reads.Health.Retention.OverQuota);
            StoredReceipt plain = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("NEW003", _fixture.Clock.Now), []));
            Assert.Equal(2, store.Reads.FindRead(plain.ReadId)!.Images.Count);
            Assert.True(store.AuditLog.VerifyAudit().Ok);
        }
    }
}
