using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Search;
using static EdgeAlpr.Storage.Tests.UseCases;

namespace EdgeAlpr.Storage.Tests;

/// <summary>Searching kept reads: only for a case and an authorised purpose, only within retention, always audited.</summary>
public sealed class SearchTests : IDisposable
{
    private static readonly AuthorisedUse Use = new("26-004417", "stolen vehicle reported 2026-11-20", "Det. K. Moss");
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(null, "stolen vehicle reported 2026-11-20", "case number is required")]
    [InlineData("26-004417", null, "authorised purpose is required")]
    [InlineData("26-004417", "test", "does not state a purpose")]
    [InlineData("n/a", "stolen vehicle reported 2026-11-20", "is not a case number")]
    [InlineData("0000", "stolen vehicle reported 2026-11-20", "is not a case number")]
    public async Task A_search_without_a_case_number_and_an_authorised_purpose_is_refused_audited_and_returns_nothing(
        string? caseNumber,
        string? purpose,
        string problem
    )
    {
        await using EvidenceStore store = _fixture.Open();
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("ABC1234", _fixture.Clock.Now), []));
        UseRefusedException refused = Assert.Throws<UseRefusedException>(() =>
            Searches(store)
                .Run(Investigator, PlateSearch.Create("ABC1234", null, null, null), Use with { CaseNumber = caseNumber, Purpose = purpose })
        );
        Assert.Contains(refused.Problems, p => p.Contains(problem, StringComparison.Ordinal));

        StoredAuditEvent audited = store.AuditLog.QueryAudit(new AuditFilter { Action = "search_refused" }).Single();
        Assert.Equal("ABC1234", audited.Subject);
        Assert.Equal(Investigator.Login, audited.Actor);
        Assert.Equal("Det. K. Moss", audited.Details["on_behalf_of"]?.ToString());
        Assert.Null(audited.Details["results"]);
        Assert.Empty(store.AuditLog.QueryAudit(new AuditFilter { Action = "search" }));
    }

    [Fact]
    public async Task An_exact_search_finds_the_plate_and_other_ocr_readings_and_audits_the_query_and_count()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset now = _fixture.Clock.Now;
        StoredReceipt a = await store.Reads.StoreAsync(
            new ReadSubmission(StoreFixture.Read("ABC1234", now.AddHours(-2)), [StoreFixture.Hit("ABC1234")])
        );
        StoredReceipt b = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("ABC1235", now.AddHours(-1)), []));
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("ZZZ9999", now), []));

        // The fixture's second OCR reading is the plate with its last character read as 8.
        SearchResult exact = Searches(store).Run(Investigator, PlateSearch.Create("abc-1234", null, null, null), Use);
        Assert.Equal([a.ReadId], exact.Matches.Select(m => m.Read.Id));
        Assert.False(exact.Matches[0].ByCandidate);
        Assert.Single(exact.Matches[0].Hits);

        SearchResult candidate = Searches(store).Run(Investigator, PlateSearch.Create("ABC1238", null, null, null), Use);
        Assert.Equal([a.ReadId, b.ReadId], candidate.Matches.Select(m => m.Read.Id));
        Assert.All(candidate.Matches, m => Assert.True(m.ByCandidate));

        StoredAuditEvent audited = store.AuditLog.FindAuditEvent(candidate.AuditSeq)!;
        Assert.Equal("search", audited.Action);
        Assert.Equal("26-004417", (string?)audited.Details["case_number"]);
        Assert.Equal("stolen vehicle reported 2026-11-20", (string?)audited.Details["purpose"]);
        Assert.Equal(2, (int)audited.Details["results"]!);
        Assert.Equal(2, audited.Details["read_ids"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("AB*", 2)]
    [InlineData("*1234", 1)]
    [InlineData("AB?123?", 2)]
    [InlineData("*ZZ*", 1)]
    [InlineData("QQ*", 0)]
    public async Task A_partial_search_matches_wildcards_anywhere_in_the_plate(string pattern, int expected)
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset now = _fixture.Clock.Now;
        foreach (string plate in new[] { "ABC1234", "ABD1239", "ZZZ9999" })
        {
            await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read(plate, now), []));
        }

        Assert.Equal(expected, Searches(store).Run(Investigator, PlateSearch.Create(null, pattern, null, null), Use).Total);
    }

    [Fact]
    public async Task Reads_past_retention_are_never_found_even_while_they_wait_to_be_forwarded()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset now = _fixture.Clock.Now;
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD0001", now.AddDays(-91)), []));
        StoredReceipt hit = await store.Reads.StoreAsync(
            new ReadSubmission(StoreFixture.Read("OLD0002", now.AddDays(-91)), [StoreFixture.Hit("OLD0002")])
        );
        StoredReceipt recent = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OLD0003", now.AddDays(-89)), []));

        SearchResult result = Searches(store).Run(Investigator, PlateSearch.Create(null, "OLD*", null, null), Use);
        Assert.Equal([hit.ReadId, recent.ReadId], result.Matches.Select(m => m.Read.Id));
        Assert.NotNull(store.Reads.FindRead(result.Matches[0].Read.Id));
    }

    [Fact]
    public async Task A_time_window_limits_the_search_and_the_limit_caps_what_is_returned_but_not_the_count()
    {
        await using EvidenceStore store = _fixture.Open();
        DateTimeOffset now = _fixture.Clock.Now;
        for (int i = 0; i < 5; i++)
        {
            await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("WIN0001", now.AddDays(-i)), []));
        }

        Assert.Equal(3, Searches(store).Run(Investigator, PlateSearch.Create("WIN0001", null, now.AddDays(-2).AddMinutes(-1), now), Use).Total);
        SearchResult capped = Searches(store).Run(Investigator, PlateSearch.Create("WIN0001", null, null, null), Use, limit: 2);
        Assert.Equal((5, 2, true), (capped.Total, capped.Matches.Count, capped.Truncated));
    }

    [Theory]
    [InlineData(null, null, "either --plate")]
    [InlineData("ABC", "AB*", "not both")]
    [InlineData(null, "*", "fewer than 2 characters")]
    [InlineData(null, "A*?", "fewer than 2 characters")]
    [InlineData("AB*12", null, "use --partial")]
    [InlineData(null, "AB%12", "'%'")]
    [InlineData("ABCDEFGHIJKLMNOPQ", null, "1 to 16")]
    public void Malformed_plate_queries_are_refused_with_the_reason(string? plate, string? partial, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => PlateSearch.Create(plate, partial, null, null));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
