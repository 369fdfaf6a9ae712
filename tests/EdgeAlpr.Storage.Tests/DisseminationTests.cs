using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Retention;
using static EdgeAlpr.Storage.Tests.UseCases;

namespace EdgeAlpr.Storage.Tests;

/// <summary>Gathering reads for release and recording the dissemination: stored, audited, forwarded, the reads kept as evidence.</summary>
public sealed class DisseminationTests : IDisposable
{
    private static readonly AuthorisedUse Use = new("26-004417", "stolen vehicle reported 2026-11-20", "Det. K. Moss, Springfield PD");
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Gathered_reads_carry_their_original_image_bytes_and_hits()
    {
        await using EvidenceStore store = _fixture.Open();
        PlateRead read = StoreFixture.Read("ABC1234", _fixture.Clock.Now);
        StoredReceipt receipt = await store.Reads.StoreAsync(new ReadSubmission(read, [StoreFixture.Hit("ABC1234")]));

        ExportRead gathered = Release(store).Gather(Investigator, [receipt.ReadId], Use).Single();
        Assert.Equal(read.PlateImage.Bytes.ToArray(), gathered.Images[read.PlateImage.Sha256]);
        Assert.Equal(read.ContextImage.Bytes.ToArray(), gathered.Images[read.ContextImage.Sha256]);
        Assert.Single(gathered.Hits);
        Assert.Empty(gathered.MissingImages);
    }

    [Fact]
    public async Task A_release_without_grounds_or_of_reads_past_retention_or_unknown_is_refused_and_audited()
    {
        await using EvidenceStore store = _fixture.Open();
        StoredReceipt old = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD0001", _fixture.Clock.Now.AddDays(-91)), []));

        UseRefusedException noCase = Assert.Throws<UseRefusedException>(() =>
            Release(store).Gather(Investigator, [old.ReadId], Use with { CaseNumber = " " }, ["the recipient agency is required"])
        );
        Assert.Equal(2, noCase.Problems.Count);
        UseRefusedException past = Assert.Throws<UseRefusedException>(() => Release(store).Gather(Investigator, [old.ReadId, Guid.NewGuid()], Use));
        Assert.Contains(past.Problems, p => p.Contains("past its retention", StringComparison.Ordinal));
        Assert.Contains(past.Problems, p => p.StartsWith("no read", StringComparison.Ordinal));
        Assert.Equal(2, store.AuditLog.QueryAudit(new AuditFilter { Action = "export_refused" }).Count);
    }

    [Fact]
    public async Task A_dissemination_is_stored_audited_and_queued_and_the_reads_become_evidence()
    {
        await using EvidenceStore store = _fixture.Open();
        StoredReceipt receipt = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("ABC1234", _fixture.Clock.Now), []));
        Assert.Equal(RetentionClass.Routine, receipt.Class);
        var record = new Dissemination(
            Guid.CreateVersion7(),
            _fixture.Clock.Now,
            "26-004417",
            Use.Purpose!,
            Investigator.Login,
            "Springfield PD (IL0840200)",
            false,
            null,
            "ofc.rivera",
            [receipt.ReadId],
            store.Reads.FindRead(receipt.ReadId)!.Images.Select(i => i.Sha256).ToList(),
            "pkg-1",
            "case.alprx",
            new string('b', 64),
            4321,
            "random"
        );

        store.DisseminationLog.RecordDissemination(record);

        Assert.Equal(record, store.DisseminationLog.FindDissemination(record.Id)!.Record with { Reads = record.Reads, Images = record.Images });
        Assert.Equal(record.Reads, store.DisseminationLog.Disseminations("26-004417").Single().Record.Reads);
        Assert.Contains(store.Outbox.OutboxItems(100), i => i.Kind == OutboxKind.Dissemination && i.RefId == record.Id);
        StoredAuditEvent audited = store.AuditLog.QueryAudit(new AuditFilter { Action = "evidence_disseminated" }).Single();
        Assert.Equal(record.Id.ToString(), audited.Subject);
        Assert.Equal("ofc.rivera", audited.Actor);
        Assert.False((bool)audited.Details["recipient_verified"]!);
        StoredRead kept = store.Reads.FindRead(receipt.ReadId)!;
        Assert.True(kept.Evidence);
        Assert.Equal(RetentionClass.Serious, kept.Class);
    }
}
