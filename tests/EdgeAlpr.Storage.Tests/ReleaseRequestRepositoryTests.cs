using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Policy;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Storage.Tests;

/// <summary>
/// The <c>release_requests</c> collection: a request kept and audited in one commit, its approval committed with the
/// release it produced, a refusal, each decided once; old releases without the request's fields still read; a repair
/// salvages the requests whole; retention takes them after seven years.
/// </summary>
public sealed class ReleaseRequestRepositoryTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private ReleaseRequest Request(params Guid[] reads) =>
        new(
            Guid.CreateVersion7(_fixture.Clock.GetUtcNow()),
            _fixture.Clock.GetUtcNow(),
            "det.moss",
            "Lt. Hale",
            "26-004417",
            "stolen vehicle reported 2026-11-20",
            Recipient.Create("Springfield PD", "IL0840200", "law_enforcement"),
            reads
        );

    private Dissemination ReleaseOf(ReleaseRequest r, string approver = "sgt.ruiz") =>
        new(
            Guid.CreateVersion7(),
            _fixture.Clock.GetUtcNow(),
            r.CaseNumber,
            r.Purpose,
            $"{r.RequestedBy} on behalf of {r.OnBehalfOf}",
            r.Recipient.Agency,
            true,
            approver,
            approver,
            r.Reads,
            [],
            "pkg-1",
            "case.alprx",
            new string('b', 64),
            4321,
            "random"
        )
        {
            RecipientOri = r.Recipient.Ori,
            RecipientKind = r.Recipient.Kind,
            RequestId = r.Id,
            Requester = r.RequestedBy,
            OnBehalfOf = r.OnBehalfOf,
            ApprovedBy = approver,
        };

    [Fact]
    public async Task A_request_is_kept_pending_and_audited_under_its_requester_and_is_there_after_a_reopen()
    {
        ReleaseRequest request = Request(Guid.CreateVersion7(), Guid.CreateVersion7());
        await using (EvidenceStore store = _fixture.Open())
        {
            store.ReleaseRequests.Submit(request);
            StoredAuditEvent e = store.AuditLog.QueryAudit(new AuditFilter { Action = "release_requested" }).Single();
            Assert.Equal(("det.moss", request.Id.ToString()), (e.Actor, e.Subject));
            Assert.Equal("IL0840200", (string?)e.Details["recipient_ori"]);
            Assert.Equal("law_enforcement", (string?)e.Details["recipient_kind"]);
            Assert.Equal("Lt. Hale", (string?)e.Details["on_behalf_of"]);
        }

        await using EvidenceStore reopened = _fixture.Open();
        ReleaseRequest kept = reopened.ReleaseRequests.FindRequest(request.Id)!;
        Assert.Equal(Fields(request), Fields(kept));
        Assert.Equal(request.Id, Assert.Single(reopened.ReleaseRequests.Requests()).Id);
        Assert.Null(reopened.ReleaseRequests.FindRequest(Guid.NewGuid()));
    }

    [Fact]
    public async Task An_approval_is_committed_with_its_release_audited_before_it_and_a_second_release_of_the_request_is_refused_whole()
    {
        await using EvidenceStore store = _fixture.Open();
        StoredReceipt receipt = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("ABC1234", _fixture.Clock.Now), []));
        ReleaseRequest request = Request(receipt.ReadId);
        store.ReleaseRequests.Submit(request);
        Dissemination release = ReleaseOf(request);

        store.DisseminationLog.RecordDissemination(release);

        ReleaseRequest approved = store.ReleaseRequests.FindRequest(request.Id)!;
        Assert.Equal((ReleaseRequestState.Approved, "sgt.ruiz", release.Id), (approved.State, approved.DecidedBy, approved.DisseminationId));
        Assert.Empty(store.ReleaseRequests.Requests());
        Assert.Single(store.ReleaseRequests.Requests(all: true));
        Dissemination kept = store.DisseminationLog.FindDissemination(release.Id)!.Record;
        Assert.Equal(
            ("IL0840200", RecipientKind.LawEnforcement, request.Id, "det.moss", "Lt. Hale", "sgt.ruiz"),
            (kept.RecipientOri, kept.RecipientKind, kept.RequestId, kept.Requester, kept.OnBehalfOf, kept.ApprovedBy)
        );
        StoredAuditEvent[] trail = store
            .AuditLog.AuditTrail()
            .Where(e => e.Action is "release_requested" or "release_approved" or "evidence_disseminated")
            .ToArray();
        Assert.Equal(["release_requested", "release_approved", "evidence_disseminated"], trail.Select(e => e.Action));
        Assert.Equal(["det.moss", "sgt.ruiz", "sgt.ruiz"], trail.Select(e => e.Actor));

        UseRefusedException again = Assert.Throws<UseRefusedException>(() =>
            store.DisseminationLog.RecordDissemination(ReleaseOf(request, "lt.cho"))
        );
        Assert.Contains("a request is decided once", Assert.Single(again.Problems), StringComparison.Ordinal);
        Assert.Single(store.DisseminationLog.Disseminations());
        Assert.Single(store.AuditLog.QueryAudit(new AuditFilter { Action = "evidence_disseminated" }));
        Assert.Single(store.Outbox.OutboxItems(100), i => i.Kind == OutboxKind.Dissemination);
    }

    [Fact]
    public async Task A_refusal_is_kept_with_its_reason_and_audited_and_a_request_is_decided_once()
    {
        await using EvidenceStore store = _fixture.Open();
        ReleaseRequest request = Request(Guid.CreateVersion7());
        store.ReleaseRequests.Submit(request);
        ReleaseRequest refused = request with
        {
            State = ReleaseRequestState.Refused,
            DecidedAt = _fixture.Clock.GetUtcNow(),
            DecidedBy = "sgt.ruiz",
            RefusalReason = "the ORI is not Springfield PD's",
        };

        store.ReleaseRequests.Refuse(refused);

        Assert.Equal(Fields(refused), Fields(store.ReleaseRequests.FindRequest(request.Id)!));
        StoredAuditEvent e = store.AuditLog.QueryAudit(new AuditFilter { Action = "release_refused" }).Single();
        Assert.Equal(("sgt.ruiz", "the ORI is not Springfield PD's"), (e.Actor, (string?)e.Details["reason"]));
        Assert.Throws<UseRefusedException>(() => store.ReleaseRequests.Refuse(refused with { DecidedBy = "lt.cho" }));
        Assert.Throws<UseRefusedException>(() => store.DisseminationLog.RecordDissemination(ReleaseOf(request)));
        Assert.Equal("sgt.ruiz", store.ReleaseRequests.FindRequest(request.Id)!.DecidedBy);
        Assert.Empty(store.DisseminationLog.Disseminations());
    }

    [Fact]
    public async Task A_release_kept_before_requests_existed_reads_with_the_request_fields_null()
    {
        ReleaseRequest request = Request(Guid.CreateVersion7());
        Dissemination release = ReleaseOf(request);
        await using (EvidenceStore store = _fixture.Open())
        {
            store.ReleaseRequests.Submit(request);
            store.DisseminationLog.RecordDissemination(release);
        }

        // The document as an agent before this change wrote it: none of the request's fields.
        using (
            StoreDatabase db = StoreDatabase.Open(
                _fixture.Options.Directory,
                StoreKeys.From(_fixture.Key),
                create: false,
                checkpointBytes: long.MaxValue
            )
        )
        {
            ILiteCollection<BsonDocument> disseminations = db.Db.GetCollection(StoreCollections.Disseminations);
            BsonDocument doc = disseminations.FindById(release.Id);
            foreach (string field in new[] { "recipient_ori", "recipient_kind", "request_id", "requester", "on_behalf_of", "approved_by" })
            {
                Assert.True(doc.Remove(field), field);
            }

            disseminations.Update(doc);
            db.Db.Checkpoint();
        }

        await using EvidenceStore reopened = _fixture.Open();
        Dissemination old = reopened.DisseminationLog.FindDissemination(release.Id)!.Record;
        Assert.Equal((string?)null, old.RecipientOri);
        Assert.Null(old.RecipientKind);
        Assert.Null(old.RequestId);
        Assert.Equal((null, null, null), (old.Requester, old.OnBehalfOf, old.ApprovedBy));
        Assert.Equal((release.CaseNumber, release.ReleasedBy), (old.CaseNumber, old.ReleasedBy));
    }

    [Fact]
    public async Task A_repair_salvages_the_requests_whole_and_a_salvaged_collection_of_them_is_named()
    {
        ReleaseRequest pending = Request(Guid.CreateVersion7());
        ReleaseRequest refused = Request(Guid.CreateVersion7()) with
        {
            State = ReleaseRequestState.Refused,
            DecidedAt = _fixture.Clock.GetUtcNow(),
            DecidedBy = "sgt.ruiz",
            RefusalReason = "no case nexus",
        };
        await using (EvidenceStore store = _fixture.Open())
        {
            store.ReleaseRequests.Submit(pending);
            store.ReleaseRequests.Submit(
                refused with
                {
                    State = ReleaseRequestState.Pending,
                    DecidedAt = null,
                    DecidedBy = null,
                    RefusalReason = null,
                }
            );
            store.ReleaseRequests.Refuse(refused);
        }

        StoreRepairReport repair = EvidenceStore.Repair(_fixture.Options, _fixture.Key, _fixture.Clock, NullLogger.Instance, force: true)!;
        Assert.Equal(0, repair.LostPages);
        await using EvidenceStore repaired = _fixture.Open();
        Assert.Equal(
            new[] { Fields(pending), Fields(refused) }.Order(StringComparer.Ordinal),
            repaired.ReleaseRequests.Requests(all: true).Select(Fields).Order(StringComparer.Ordinal)
        );
        Assert.True(repaired.Administration.Verify().Ok);

        var doc = new BsonDocument
        {
            ["_id"] = pending.Id,
            ["requested_at"] = DateTime.UtcNow,
            ["recipient_ori"] = "IL0840200",
            ["recipient_agency"] = "Springfield PD",
        };
        Assert.Equal(StoreCollections.ReleaseRequests, CollectionNames.Guess([doc]));
    }

    [Fact]
    public async Task Retention_takes_a_request_seven_years_after_it_was_made_and_audits_it()
    {
        ReleaseRequest request = Request(Guid.CreateVersion7());
        await using EvidenceStore store = _fixture.Open();
        store.ReleaseRequests.Submit(request);

        _fixture.Clock.Advance(TimeSpan.FromDays(365 * 6));
        store.Retention.Purge(dryRun: false);
        Assert.NotNull(store.ReleaseRequests.FindRequest(request.Id));

        _fixture.Clock.Advance(TimeSpan.FromDays(365 * 2));
        store.Retention.Purge(dryRun: false);
        Assert.Null(store.ReleaseRequests.FindRequest(request.Id));
        Assert.Single(store.AuditLog.QueryAudit(new AuditFilter { Action = "release_requests_purged" }));
    }

    /// <summary>Every field as text (the reads compared by value, the times to the millisecond the store keeps).</summary>
    private static string Fields(ReleaseRequest r) =>
        string.Join(
            "|",
            r.Id,
            r.RequestedAt.ToUnixTimeMilliseconds(),
            r.RequestedBy,
            r.OnBehalfOf,
            r.CaseNumber,
            r.Purpose,
            r.Recipient,
            string.Join(",", r.Reads),
            r.State,
            r.DecidedAt?.ToUnixTimeMilliseconds(),
            r.DecidedBy,
            r.RefusalReason,
            r.DisseminationId
        );
}
