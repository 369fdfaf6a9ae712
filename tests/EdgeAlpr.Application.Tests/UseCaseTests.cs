using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Retention;
using EdgeAlpr.Core.Search;

namespace EdgeAlpr.Application.Tests;

/// <summary>Search and release policy with fake ports: refusals audited with who asked; nothing read or released without grounds.</summary>
public sealed class UseCaseTests
{
    private static readonly AuthorisedUse Good = new("2026-000123", "stolen vehicle investigation", "det.jones");
    private static readonly AuthorisedUse NoGrounds = new(null, "x", "curious.clerk");
    private readonly FakeAuditLog _audit = new();

    [Fact]
    public void A_search_without_grounds_is_refused_audited_with_who_asked_and_reads_nothing()
    {
        var search = new FakeSearch();
        var useCase = new SearchReads(search, _audit);

        Assert.Throws<UseRefusedException>(() => useCase.Run(PlateSearch.Create("ABC123", null, null, null), NoGrounds));

        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal("search_refused", e.Action);
        Assert.Equal("curious.clerk", e.Actor);
        Assert.Equal("curious.clerk", e.Details["requested_by"]);
        Assert.Equal(0, search.Calls);
    }

    [Fact]
    public void A_search_is_audited_with_its_result_count_and_the_reads_it_found()
    {
        Guid[] ids = [Guid.CreateVersion7(), Guid.CreateVersion7()];
        var search = new FakeSearch { Result = new ReadSearchResult([], 2, ids) };
        SearchResult result = new SearchReads(search, _audit).Run(PlateSearch.Create("ABC123", null, null, null), Good);

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

        var refused = Assert.Throws<UseRefusedException>(() => release.Gather([Guid.CreateVersion7()], Good));

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

        var refused = Assert.Throws<UseRefusedException>(() => release.Gather([old.Id], Good));

        Assert.Contains(refused.Problems, p => p.Contains("past its retention", StringComparison.Ordinal));
        Assert.Equal("export_refused", Assert.Single(_audit.Events).Action);
    }

    [Fact]
    public void A_release_without_grounds_is_refused_before_any_read_is_looked_up()
    {
        var store = new FakeReadStore();
        var release = new ReleaseEvidence(store, new FakeRetention(), new FakeDisseminations(), _audit);
        Assert.Throws<UseRefusedException>(() => release.Gather([Guid.CreateVersion7()], NoGrounds));
        Assert.Equal("curious.clerk", Assert.Single(_audit.Events).Actor);
    }

    private static StoredRead Stored(Guid id)
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

    private sealed class FakeRetention : IRetention
    {
        public HashSet<Guid> Expired { get; } = [];

        public bool IsWithinRetention(StoredRead read) => !Expired.Contains(read.Id);

        public PurgeReport Purge(bool dryRun, bool orphans = false, string actor = "agent") => throw new NotSupportedException();

        public long BytesOverQuota() => throw new NotSupportedException();

        public QuotaPlan EnforceQuota() => throw new NotSupportedException();
    }

    private sealed class FakeDisseminations : IDisseminationLog
    {
        public void RecordDissemination(Dissemination record) => throw new NotSupportedException();

        public StoredDissemination? FindDissemination(Guid id) => throw new NotSupportedException();

        public IReadOnlyList<StoredDissemination> Disseminations(string? caseNumber = null) => throw new NotSupportedException();
    }
}
