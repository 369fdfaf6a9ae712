using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage.Tests;

public sealed class VerifyTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_corrupted_image_is_found_by_verify_and_refused_on_read()
    {
        StoredReceipt receipt;
        await using (EvidenceStore store = _fixture.Open())
        {
            receipt = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("COR123", _fixture.Clock.Now), []));
            await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OK4567", _fixture.Clock.Now), []));
            Assert.True(store.Administration.Verify().Ok);
        }

        string sha;
        await using (EvidenceStore store = _fixture.Open())
        {
            sha = store.Reads.FindRead(receipt.ReadId)!.Images[1].Sha256;
        }

        // One flipped bit, as a failing card would do it.
        string path = _fixture.ImagePath(sha);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        byte[] bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);

        await using (EvidenceStore store = _fixture.Open())
        {
            VerifyReport report = store.Administration.Verify();
            Assert.False(report.Ok);
            Assert.Equal([sha], report.CorruptImages);
            Assert.Equal(4, report.ImageFiles);
            Assert.Equal(sha, Assert.Throws<CorruptImageException>(() => store.Reads.ReadImage(sha)).Sha256);
            Assert.False(Assert.Single(store.AuditLog.AuditTrail("store_verified").Skip(1)).Details["ok"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_missing_image_is_reported_with_its_read()
    {
        StoredReceipt receipt;
        await using (EvidenceStore store = _fixture.Open())
        {
            receipt = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("MIS123", _fixture.Clock.Now), []));
        }

        string sha;
        await using (EvidenceStore store = _fixture.Open())
        {
            sha = store.Reads.FindRead(receipt.ReadId)!.Images[0].Sha256;
        }

        File.Delete(_fixture.ImagePath(sha));
        await using (EvidenceStore store = _fixture.Open())
        {
            MissingImage missing = Assert.Single(store.Administration.Verify().MissingImages);
            Assert.Equal((receipt.ReadId, sha), (missing.ReadId, missing.Sha256));
        }
    }

    [Fact]
    public async Task A_read_purged_while_its_images_are_checked_is_not_reported_missing_but_a_deleted_image_still_is()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset t0 = _fixture.Clock.Now;
        StoredReceipt old = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD123", t0), []));
        _fixture.Clock.Now = t0.AddDays(91);
        StoredReceipt kept = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("NEW456", _fixture.Clock.Now), []));
        string lost = store.Reads.FindRead(kept.ReadId)!.Images[0].Sha256;
        File.Delete(_fixture.ImagePath(lost));

        // The agent's retention timer runs once the records have been read and the images are being checked.
        var purge = new OnFirstReport(() => Assert.Equal(1, store.Retention.Purge(dryRun: false).Reads));
        VerifyReport report = store.Administration.Verify(purge);

        Assert.True(purge.Ran);
        Assert.Null(store.Reads.FindRead(old.ReadId));
        Assert.Empty(report.CorruptImages);
        MissingImage missing = Assert.Single(report.MissingImages);
        Assert.Equal((kept.ReadId, lost), (missing.ReadId, missing.Sha256));
    }

    /// <summary>Runs an action on the first progress report, on the verifying thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class OnFirstReport(Action action) : IProgress<long>
    {
        public bool Ran { get; private set; }

        public void Report(long value)
        {
            if (!Ran)
            {
                Ran = true;
                action();
            }
        }
    }
}
