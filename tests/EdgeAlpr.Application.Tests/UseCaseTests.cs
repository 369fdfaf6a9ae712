using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Retention;
using EdgeAlpr.Core.Search;

namespace EdgeAlpr.Application.Tests;

/// <summary>Search and release policy with fake ports: refusals audited with who asked; nothing read or released without grounds.</summary>
public sealed class UseCaseTests
{
    private static readonly AuthorisedUse Good = new("2026-000123", "stolen vehicle investigation");
    private static readonly AuthorisedUse NoGrounds = new(null, "x", "Lt. Hale");
    private static readonly AuthenticatedUser Investigator = TestUsers.Of("det.jones", Role.Investigator);
    private static readonly AuthenticatedUser Clerk = TestUsers.Of("curious.clerk", Role.Investigator);
    private readonly FakeAuditLog _audit = new();

    [Fact]
    public void A_search_without_grounds_is_refused_audited_with_who_asked_and_reads_nothing()
    {
        var search = new FakeSearch();
        var useCase = new SearchReads(search, _audit);

        Assert.Throws<UseRefusedException>(() => useCase.Run(Clerk, PlateSearch.Create("ABC123", null, null, null), NoGrounds));

        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal("search_refused", e.Action);
        // The actor is who signed in; the name typed for "on behalf of" sits beside it, never instead.
        Assert.Equal("curious.clerk", e.Actor);
        Assert.Equal("Lt. Hale", e.Details["on_behalf_of"]);
        Assert.Equal(0, search.Calls);
    }

    [Theory]
    [InlineData(Role.Officer)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.Admin)]
    [InlineData(Role.Supervisor)]
    public void A_search_by_someone_whose_roles_do_not_allow_it_is_refused_audited_and_reads_nothing(Role role)
    {
        var search = new FakeSearch();
        AuthenticatedUser user = TestUsers.Of("someone", role);

        Assert.Throws<AccessDeniedException>(() => new SearchReads(search, _audit).Run(user, PlateSearch.Create("ABC123", null, null, null), Good));

        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal(("access_denied", "someone", "search"), (e.Action, e.Actor, e.Details["attempted"]));
        Assert.Equal(0, search.Calls);
    }

    [Theory]
    [InlineData("1", "stolen vehicle reported 2026-11-30", "case-number format")]
    [InlineData("12", "stolen vehicle reported 2026-11-30", "case-number format")]
    [InlineData("26-004417", "just looking around", "does not state a purpose")]
    [InlineData("26-004417", "checking some plates", "does not state a purpose")]
    [InlineData("26-004417", "general query for info", "does not state a purpose")]
    public void Placeholder_case_numbers_and_purposes_are_refused(string caseNumber, string purpose, string problem)
    {
        var search = new FakeSearch();
        UseRefusedException refused = Assert.Throws<UseRefusedException>(() =>
            new SearchReads(search, _audit).Run(Investigator, PlateSearch.Create("ABC123", null, null, null), new AuthorisedUse(caseNumber, purpose))
        );
        Assert.Contains(refused.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Equal(0, search.Calls);
    }

    [Fact]
    public void The_agency_case_number_pattern_is_the_one_applied()
    {
        var policy = new UsePolicy(@"^SPD-\d{2}-\d{6}$", "SPD-YY-NNNNNN");
        var search = new SearchReads(new FakeSearch(), _audit, policy);
        PlateSearch plate = PlateSearch.Create("ABC123", null, null, null);

        UseRefusedException refused = Assert.Throws<UseRefusedException>(() =>
            search.Run(Investigator, plate, new AuthorisedUse("26-004417", "stolen vehicle reported 2026-11-30"))
        );
        Assert.Contains(refused.Problems, p => p.Contains("SPD-YY-NNNNNN", StringComparison.Ordinal));
        Assert.Equal(0, search.Run(Investigator, plate, new AuthorisedUse("SPD-26-004417", "stolen vehicle reported 2026-11-30")).Total);
        Assert.NotNull(UsePolicy.PatternProblem("SPD-\\d+"));
        Assert.NotNull(UsePolicy.PatternProblem("^(unclosed$"));
        Assert.Null(UsePolicy.PatternProblem(UsePolicy.DefaultCaseNumberPattern));
    }

    [Fact]
    public void A_search_is_audited_with_its_result_count_and_the_reads_it_found()
    {
        Guid[] ids = [Guid.CreateVersion7(), Guid.CreateVersion7()];
        var search = new FakeSearch { Result = new ReadSearchResult([], 2, ids) };
        SearchResult result = new SearchReads(search, _audit).Run(Investigator, PlateSearch.Create("ABC123", null, null, null), Good);

        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal("search", e.Action);
        Assert.Equal(2, e.Details["results"]);
        Assert.Equal(ids, Assert.IsType<List<Guid>>(e.Details["read_ids"]));
        Assert.Equal("det.jones", e.Actor);
        Assert.Equal(2, result.Total);
        Assert.Equal(1, search.Calls);
    }

    [Fact]
    public void Releasing_a_read_the_store_does_not_hold_is_refused_and_audited()
    {
        var store = new FakeReadStore();
        var release = new ReleaseEvidence(store, new FakeRetention(), new FakeDisseminations(), _audit);

        var refused = Assert.Throws<UseRefusedException>(() => release.Gather(Investigator, [Guid.CreateVersion7()], Good));

        Assert.Contains(refused.Problems, p => p.StartsWith("no read ", StringComparison.Ordinal));
        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal(("export_refused", "det.jones"), (e.Action, e.Actor));
    }

    [Fact]
    public void Releasing_a_read_past_its_retention_is_refused()
    {
        var store = new FakeReadStore();
        StoredRead old = Stored(Guid.CreateVersion7());
        store.Reads[old.Id] = old;
        var release = new ReleaseEvidence(store, new FakeRetention { Expired = { old.Id } }, new FakeDisseminations(), _audit);

        var refused = Assert.Throws<UseRefusedException>(() => release.Gather(Investigator, [old.Id], Good));

        Assert.Contains(refused.Problems, p => p.Contains("past its retention", StringComparison.Ordinal));
        Assert.Equal("export_refused", Assert.Single(_audit.Events).Action);
    }

    [Fact]
    public void A_release_without_grounds_is_refused_before_any_read_is_looked_up()
    {
        var store = new FakeReadStore();
        var release = new ReleaseEvidence(store, new FakeRetention(), new FakeDisseminations(), _audit);
        Assert.Throws<UseRefusedException>(() => release.Gather(Investigator, [Guid.CreateVersion7()], NoGrounds));
        Assert.Equal("det.jones", Assert.Single(_audit.Events).Actor);
    }

    internal static StoredRead Stored(Guid id)
    {
        DateTimeOffset at = DateTimeOffset.UnixEpoch;
        return new StoredRead(
            id,
            "unit-7",
            "cam1",
            null,
            at,
            at,
            at,
            "ABC123",
            0.9f,
            [new PlateCandidate("ABC123", 0.9f)],
            null,
            new BoundingBox(1, 2, 3, 4),
            1,
            null,
            null,
            [],
            [],
            RetentionClass.Routine,
            false,
            at,
            null,
            null
        );
    }

    private sealed class FakeSearch : IReadSearch
    {
        public int Calls { get; private set; }

        public ReadSearchResult Result { get; init; } = new([], 0, []);

        public ReadSearchResult Find(PlateSearch search, int limit)
        {
            Calls++;
            return Result;
        }
    }
}
