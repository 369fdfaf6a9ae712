using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Application.Tests;

/// <summary>
/// The release workflow with fake ports: an investigator requests, a supervisor approves (the only way a package is
/// produced) or refuses, once; never their own request; the recipient is a law-enforcement or government agency with an ORI.
/// </summary>
public sealed class ReleaseWorkflowTests
{
    private static readonly AuthorisedUse Good = new("2026-000123", "stolen vehicle investigation", "Lt. Hale");
    private static readonly RecipientText Springfield = new("Springfield PD", "il0840200", "law_enforcement");
    private static readonly AuthenticatedUser Investigator = TestUsers.Of("det.jones", Role.Investigator);
    private static readonly AuthenticatedUser Supervisor = TestUsers.Of("sgt.ruiz", Role.Supervisor);
    private readonly FakeAuditLog _audit = new();
    private readonly FakeReadStore _reads = new();
    private readonly FakeRetention _retention = new();
    private readonly FakeReleaseRequests _requests = new();
    private readonly FakeDisseminations _disseminations;
    private readonly FakePackager _packager;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly StoredRead _read;

    public ReleaseWorkflowTests()
    {
        _disseminations = new FakeDisseminations(_requests);
        _packager = new FakePackager(_disseminations);
        _read = UseCaseTests.Stored(Guid.CreateVersion7()) with { Images = [new StoredImage("plate", new string('a', 64), 3, "image/jpeg")] };
        _reads.Reads[_read.Id] = _read;
        _reads.Images[new string('a', 64)] = [1, 2, 3];
    }

    private ReleaseEvidence Producer => new(_reads, _retention, _disseminations, _audit);

    private RequestRelease Requests => new(Producer, _requests, _audit, _clock);

    private DecideRelease Decisions => new(Producer, _requests, _audit, _clock);

    private ReleaseRequest RequestOne() => Requests.Run(Investigator, [_read.Id, _read.Id], Good, Springfield);

    [Fact]
    public void A_request_is_kept_pending_with_its_grounds_and_recipient_and_nothing_is_sealed_or_released()
    {
        ReleaseRequest request = RequestOne();

        Assert.Equal(request, _requests.Kept[request.Id]);
        Assert.Equal(ReleaseRequestState.Pending, request.State);
        Assert.Equal(("det.jones", "Lt. Hale", "2026-000123"), (request.RequestedBy, request.OnBehalfOf, request.CaseNumber));
        Assert.Equal(
            ("Springfield PD", "IL0840200", RecipientKind.LawEnforcement),
            (request.Recipient.Agency, request.Recipient.Ori, request.Recipient.Kind)
        );
        Assert.Equal([_read.Id], request.Reads);
        Assert.Equal(_clock.GetUtcNow(), request.RequestedAt);
        Assert.Empty(_packager.Sealed);
        Assert.Empty(_disseminations.Recorded);
        Assert.Empty(_audit.Events);
    }

    [Theory]
    [InlineData("Springfield PD", null, "law_enforcement", "the recipient's ORI is required")]
    [InlineData("Springfield PD", "ORI-1", "law_enforcement", "must be 9 letters and digits")]
    [InlineData("Daily Herald", "IL0840200", "newspaper", "'newspaper' is not a recipient ALPR data may be released to")]
    [InlineData("Acme Repo LLC", "IL0840200", "other", "only a law_enforcement or government agency")]
    [InlineData("Springfield PD", "IL0840200", null, "say what the recipient is (--recipient-kind law_enforcement|government)")]
    [InlineData(" ", "IL0840200", "government", "the recipient agency is required")]
    public void A_request_to_a_recipient_without_an_ori_or_not_law_enforcement_or_government_is_refused_and_audited(
        string? agency,
        string? ori,
        string? kind,
        string problem
    )
    {
        UseRefusedException refused = Assert.Throws<UseRefusedException>(() =>
            Requests.Run(Investigator, [_read.Id], Good, new RecipientText(agency, ori, kind))
        );

        Assert.Contains(refused.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal(("release_request_refused", "det.jones"), (e.Action, e.Actor));
        Assert.Equal(refused.Problems, Assert.IsType<List<string>>(e.Details["problems"]));
        Assert.Empty(_requests.Kept);
    }

    [Fact]
    public void A_request_for_reads_unknown_or_past_retention_or_without_grounds_is_refused_with_every_problem()
    {
        StoredRead old = UseCaseTests.Stored(Guid.CreateVersion7());
        _reads.Reads[old.Id] = old;
        _retention.Expired.Add(old.Id);
        Guid missing = Guid.CreateVersion7();

        UseRefusedException refused = Assert.Throws<UseRefusedException>(() => Requests.Run(Investigator, [old.Id, missing], Good, Springfield));
        Assert.Equal([$"no read {missing} in this store", $"read {old.Id} is past its retention and may not be released"], refused.Problems.Order());

        UseRefusedException noGrounds = Assert.Throws<UseRefusedException>(() =>
            Requests.Run(Investigator, [_read.Id], new AuthorisedUse(null, "test"), Springfield with { Ori = null })
        );
        Assert.Equal(3, noGrounds.Problems.Count);
        Assert.Equal(["release_request_refused", "release_request_refused"], _audit.Events.Select(e => e.Action));
        Assert.Empty(_requests.Kept);
    }

    [Theory]
    [InlineData(Role.Officer)]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    public void Only_an_investigator_requests_a_release(Role role)
    {
        Assert.Throws<AccessDeniedException>(() => Requests.Run(TestUsers.Of("someone", role), [_read.Id], Good, Springfield));

        Assert.Equal(("access_denied", "request_release"), (Assert.Single(_audit.Events).Action, _audit.Events[0].Details["attempted"]));
        Assert.Empty(_requests.Kept);
    }

    [Fact]
    public void An_approval_produces_the_package_released_and_verified_by_the_supervisor_and_marks_the_request_approved()
    {
        ReleaseRequest request = RequestOne();
        _clock.Advance(TimeSpan.FromHours(2));

        Released done = Decisions.Approve(Supervisor, request.Id, "/tmp/case.alprx", _packager);

        Assert.Equal(["DISCLAIMER.txt", "metadata.json", $"images/{_read.Id}/plate-aaaaaaaaaaaaaaaa.jpg"], _packager.Sealed.Select(f => f.Path));
        string disclaimer = System.Text.Encoding.UTF8.GetString(_packager.Sealed[0].Bytes.Span);
        Assert.Contains("Recipient ORI:     IL0840200", disclaimer, StringComparison.Ordinal);
        Assert.Contains("verified by sgt.ruiz", disclaimer, StringComparison.Ordinal);
        string metadata = System.Text.Encoding.UTF8.GetString(_packager.Sealed[1].Bytes.Span);
        Assert.Contains("\"recipient_kind\": \"law_enforcement\"", metadata, StringComparison.Ordinal);
        Assert.Contains($"\"request_id\": \"{request.Id}\"", metadata, StringComparison.Ordinal);

        Dissemination recorded = Assert.Single(_disseminations.Recorded);
        Assert.Equal(done.Record, recorded);
        Assert.Equal(("det.jones on behalf of Lt. Hale", "det.jones", "Lt. Hale"), (recorded.RequestedBy, recorded.Requester, recorded.OnBehalfOf));
        Assert.Equal(
            ("sgt.ruiz", "sgt.ruiz", "sgt.ruiz", true),
            (recorded.ReleasedBy, recorded.ApprovedBy, recorded.VerifiedBy, recorded.RecipientVerified)
        );
        Assert.Equal(
            ("Springfield PD", "IL0840200", RecipientKind.LawEnforcement),
            (recorded.RecipientAgency, recorded.RecipientOri, recorded.RecipientKind)
        );
        Assert.Equal((request.Id, _clock.GetUtcNow()), (recorded.RequestId, recorded.At));
        Assert.True(_packager.RecordedBeforePutInPlace);

        ReleaseRequest approved = _requests.Kept[request.Id];
        Assert.Equal((ReleaseRequestState.Approved, "sgt.ruiz", recorded.Id), (approved.State, approved.DecidedBy, approved.DisseminationId));
        Assert.Empty(Decisions.List(Supervisor));
        Assert.Single(Decisions.List(Supervisor, all: true));
    }

    [Fact]
    public void A_supervisor_may_not_approve_their_own_request_and_the_attempt_is_audited()
    {
        AuthenticatedUser both = TestUsers.Of("sgt.both", Role.Investigator, Role.Supervisor);
        ReleaseRequest own = Requests.Run(both, [_read.Id], Good, Springfield);

        UseRefusedException refused = Assert.Throws<UseRefusedException>(() => Decisions.Approve(both, own.Id, "/tmp/case.alprx", _packager));

        Assert.Contains("separation of duties", Assert.Single(refused.Problems), StringComparison.Ordinal);
        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal(("release_decision_refused", "sgt.both", own.Id.ToString()), (e.Action, e.Actor, e.Subject));
        Assert.Empty(_packager.Sealed);
        Assert.Equal(ReleaseRequestState.Pending, _requests.Kept[own.Id].State);
        Assert.Throws<InvalidOperationException>(() =>
            Producer.Release(new ApprovedRelease(own, both, "/tmp/case.alprx", _clock.GetUtcNow()), _packager)
        );
    }

    [Fact]
    public void An_investigator_cannot_approve_nor_list_and_nothing_is_produced()
    {
        ReleaseRequest request = RequestOne();

        Assert.Throws<AccessDeniedException>(() => Decisions.Approve(Investigator, request.Id, "/tmp/case.alprx", _packager));
        Assert.Throws<AccessDeniedException>(() => Decisions.List(Investigator));
        Assert.Throws<AccessDeniedException>(() =>
            Producer.Release(new ApprovedRelease(request, Investigator, "/tmp/x", _clock.GetUtcNow()), _packager)
        );

        Assert.Equal(["access_denied", "access_denied", "access_denied"], _audit.Events.Select(e => e.Action));
        Assert.Equal(["approve_release", "list_release_requests", "release"], _audit.Events.Select(e => e.Details["attempted"]));
        Assert.Empty(_packager.Sealed);
        Assert.Equal(ReleaseRequestState.Pending, _requests.Kept[request.Id].State);
    }

    [Fact]
    public void A_request_is_decided_once()
    {
        ReleaseRequest request = RequestOne();
        Decisions.Approve(Supervisor, request.Id, "/tmp/case.alprx", _packager);
        AuthenticatedUser other = TestUsers.Of("lt.cho", Role.Supervisor);

        UseRefusedException again = Assert.Throws<UseRefusedException>(() => Decisions.Approve(other, request.Id, "/tmp/again.alprx", _packager));
        UseRefusedException refuse = Assert.Throws<UseRefusedException>(() => Decisions.Refuse(other, request.Id, "recipient not confirmed"));

        Assert.Contains("was approved already by sgt.ruiz", Assert.Single(again.Problems), StringComparison.Ordinal);
        Assert.Contains("a request is decided once", Assert.Single(refuse.Problems), StringComparison.Ordinal);
        Assert.Single(_disseminations.Recorded);
        Assert.Equal(["release_decision_refused", "release_decision_refused"], _audit.Events.Select(e => e.Action));
    }

    [Fact]
    public void A_refusal_keeps_its_reason_and_releases_nothing_and_a_refusal_without_a_reason_is_itself_refused()
    {
        ReleaseRequest request = RequestOne();

        UseRefusedException noReason = Assert.Throws<UseRefusedException>(() => Decisions.Refuse(Supervisor, request.Id, "  "));
        Assert.Contains("say why the release is refused", Assert.Single(noReason.Problems), StringComparison.Ordinal);
        Assert.Equal(ReleaseRequestState.Pending, _requests.Kept[request.Id].State);

        ReleaseRequest refused = Decisions.Refuse(Supervisor, request.Id, " recipient ORI does not match the agency named ");

        Assert.Equal(refused, _requests.Kept[request.Id]);
        Assert.Equal(
            (ReleaseRequestState.Refused, "sgt.ruiz", "recipient ORI does not match the agency named", _clock.GetUtcNow()),
            (refused.State, refused.DecidedBy, refused.RefusalReason, refused.DecidedAt!.Value)
        );
        Assert.Empty(_packager.Sealed);
        Assert.Empty(_disseminations.Recorded);
        Assert.Throws<UseRefusedException>(() => Decisions.Approve(TestUsers.Of("lt.cho", Role.Supervisor), request.Id, "/tmp/x", _packager));
    }

    [Fact]
    public void An_approval_checks_the_reads_again_and_a_read_past_retention_since_the_request_refuses_it()
    {
        ReleaseRequest request = RequestOne();
        _retention.Expired.Add(_read.Id);

        UseRefusedException refused = Assert.Throws<UseRefusedException>(() =>
            Decisions.Approve(Supervisor, request.Id, "/tmp/case.alprx", _packager)
        );

        Assert.Contains("past its retention", Assert.Single(refused.Problems), StringComparison.Ordinal);
        Assert.Equal(("export_refused", "sgt.ruiz"), (Assert.Single(_audit.Events).Action, _audit.Events[0].Actor));
        Assert.Empty(_packager.Sealed);
        Assert.Equal(ReleaseRequestState.Pending, _requests.Kept[request.Id].State);
    }

    [Fact]
    public void An_unknown_request_is_refused_and_audited()
    {
        Guid id = Guid.CreateVersion7();
        UseRefusedException refused = Assert.Throws<UseRefusedException>(() => Decisions.Approve(Supervisor, id, "/tmp/case.alprx", _packager));
        Assert.Contains($"there is no release request {id}", Assert.Single(refused.Problems), StringComparison.Ordinal);
        Assert.Equal(("release_decision_refused", id.ToString()), (Assert.Single(_audit.Events).Action, _audit.Events[0].Subject));
    }

    [Fact]
    public void An_approval_whose_record_cannot_be_kept_leaves_no_package_and_the_request_pending()
    {
        var failing = new FakeDisseminations(_requests) { Fail = true };
        var packager = new FakePackager(failing);
        ReleaseRequest request = RequestOne();
        var decisions = new DecideRelease(new ReleaseEvidence(_reads, _retention, failing, _audit), _requests, _audit, _clock);

        Assert.Throws<StoreException>(() => decisions.Approve(Supervisor, request.Id, "/tmp/case.alprx", packager));

        Assert.True(packager.Discarded);
        Assert.False(packager.PutInPlaceCalled);
        Assert.Equal(ReleaseRequestState.Pending, _requests.Kept[request.Id].State);
    }

    [Fact]
    public void A_recipient_is_only_ever_a_law_enforcement_or_government_agency_with_an_ori()
    {
        Recipient county = Recipient.Create(" Cook County Board ", "il0160000", "government");
        Assert.Equal("Cook County Board (ORI IL0160000, government)", county.ToString());
        Assert.Throws<FormatException>(() => Recipient.Create("Daily Herald", "IL0840200", "newspaper"));
        Assert.Throws<FormatException>(() => Recipient.Of("Springfield PD", "IL0840200", (RecipientKind)7));
        Assert.Throws<FormatException>(() => Recipient.Create("Springfield PD", "", "law_enforcement"));
    }
}
