using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage.Tests;

public sealed class QuotaTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Over_quota_the_store_drops_routine_images_first_forwarded_and_oldest_first_and_never_touches_hits()
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
                        new ReadSubmission(StoreFixture.Read($"QTA{i:D3}", _fixture.Clock.Now.AddMinutes(i), imageBytes: 50_000), [])
                    )
                );
            }

            hit = await store.Reads.StoreAsync(
                new ReadSubmission(StoreFixture.Read("HIT999", _fixture.Clock.Now, imageBytes: 50_000), [StoreFixture.Hit("HIT999")])
            );
            // The platform has the four newest routine reads: they go first although younger.
            store.Outbox.MarkForwarded(
                store.Outbox.PendingOutbox(1000).Where(i => routine.Skip(8).Any(r => r.ReadId == i.RefId)).Select(i => i.Id).ToList()
            );
        }

        // 13 reads of 200 kB of images: a 2 MB quota is ~0.7 MB short, about four reads' images.
        _fixture.Options.QuotaMegabytes = 2;
        await using (EvidenceStore store = _fixture.Open())
        {
            QuotaPlan plan = store.Retention.EnforceQuota();
            Assert.Empty(plan.DropReads);
            Assert.Equal(routine.Skip(8).Select(r => r.ReadId), plan.DropImages.Take(4).Select(c => c.ReadId));
            Assert.Equal(0, plan.BytesStillOver);
            Assert.DoesNotContain(plan.DropImages, c => c.ReadId == hit.ReadId);
            Assert.NotNull(store.Reads.FindRead(routine[8].ReadId)!.ImagesDroppedAt);
            Assert.Null(store.Reads.FindRead(hit.ReadId)!.ImagesDroppedAt);
            Assert.True(store.Administration.Verify().Ok);

            StoredAuditEvent audit = Assert.Single(store.AuditLog.AuditTrail("images_dropped"));
            Assert.Equal(plan.DropImages.Select(c => c.ReadId), audit.Details["reads"]!.AsArray().Select(r => Guid.Parse((string)r!["read_id"]!)));
        }

        // Far over quota: every routine image goes, then routine reads oldest first; the hit stays whole.
        _fixture.Options.QuotaMegabytes = 1;
        await using (EvidenceStore store = _fixture.Open())
        {
            QuotaPlan plan = store.Retention.EnforceQuota();
            Assert.NotEmpty(plan.DropReads);
            Assert.Equal(
                routine.Skip(8).Concat(routine.Take(8)).Select(r => r.ReadId).Take(plan.DropReads.Count),
                plan.DropReads.Select(c => c.ReadId)
            );
            foreach (QuotaCandidate dropped in plan.DropReads)
            {
                Assert.Null(store.Reads.FindRead(dropped.ReadId));
            }

            StoredRead kept = store.Reads.FindRead(hit.ReadId)!;
            Assert.Null(kept.ImagesDroppedAt);
            Assert.All(kept.Images, i => store.Reads.ReadImage(i.Sha256));
            Assert.Contains(store.AuditLog.AuditTrail("reads_purged"), a => (string?)a.Details["reason"] == "quota");
            Assert.True(store.Administration.Verify().Ok);
        }
    }
}
