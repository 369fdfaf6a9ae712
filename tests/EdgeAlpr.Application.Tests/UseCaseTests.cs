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

    [Fact]
    public void A_release_is_sealed_with_its_disclaimer_and_metadata_recorded_and_only_then_put_in_place()
    {
        var store = new FakeReadStore();
        StoredRead read = Stored(Guid.CreateVersion7()) with { Images = [new StoredImage("plate", new string('a', 64), 3, "image/jpeg")] };
        store.Reads[read.Id] = read;
        store.Images[new string('a', 64)] = [1, 2, 3];
        var disseminations = new FakeDisseminations();
        var packager = new FakePackager(disseminations);
        var release = new ReleaseEvidence(store, new FakeRetention(), disseminations, _audit);

        Released done = release.Release(Request(read.Id), packager);

        Assert.Equal(["DISCLAIMER.txt", "metadata.json", $"images/{read.Id}/plate-aaaaaaaaaaaaaaaa.jpg"], packager.Sealed.Select(f => f.Path));
        Assert.Equal([1, 2, 3], packager.Sealed[2].Bytes.ToArray());
        string metadata = System.Text.Encoding.UTF8.GetString(packager.Sealed[1].Bytes.Span);
        Assert.Contains("\"case_number\": \"2026-000123\"", metadata, StringComparison.Ordinal);
        Assert.Contains(read.Id.ToString(), metadata, StringComparison.Ordinal);
        Dissemination recorded = Assert.Single(disseminations.Recorded);
        Assert.Equal(("sha-of-package", 42L, "passphrase"), (recorded.PackageSha256, recorded.PackageBytes, recorded.KeyKind));
        Assert.Equal(
            ("Springfield PD (IL0840200)", "Sgt. A. Ruiz", true),
            (recorded.RecipientAgency, recorded.VerifiedBy, recorded.RecipientVerified)
        );
        Assert.True(packager.RecordedBeforePutInPlace);
        Assert.False(packager.Discarded);
        Assert.Equal((1, 1, 0), (done.Reads, done.Images, done.MissingImages));
    }

    [Fact]
    public void A_release_whose_record_cannot_be_kept_leaves_no_package()
    {
        var store = new FakeReadStore();
        StoredRead read = Stored(Guid.CreateVersion7());
        store.Reads[read.Id] = read;
        var disseminations = new FakeDisseminations { Fail = true };
        var packager = new FakePackager(disseminations);
        var release = new ReleaseEvidence(store, new FakeRetention(), disseminations, _audit);

        Assert.Throws<StoreException>(() => release.Release(Request(read.Id), packager));

        Assert.True(packager.Discarded);
        Assert.False(packager.PutInPlaceCalled);
    }

    [Fact]
    public void A_refused_release_seals_nothing()
    {
        var store = new FakeReadStore();
        var packager = new FakePackager(new FakeDisseminations());
        var release = new ReleaseEvidence(store, new FakeRetention(), new FakeDisseminations(), _audit);

        Assert.Throws<UseRefusedException>(() => release.Release(Request(Guid.CreateVersion7()), packager, ["the recipient agency is required"]));

        Assert.Empty(packager.Sealed);
        Assert.Equal("export_refused", Assert.Single(_audit.Events).Action);
    }

    private static ReleaseRequest Request(Guid read) =>
        new([read], Good, "Springfield PD (IL0840200)", "Sgt. A. Ruiz", Investigator, "/tmp/case.alprx", DateTimeOffset.UnixEpoch);

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
        public List<Dissemination> Recorded { get; } = [];

        public bool Fail { get; init; }

        public void RecordDissemination(Dissemination record)
        {
            if (Fail)
            {
                throw new StoreException("disk full");
            }

            Recorded.Add(record);
        }

        public StoredDissemination? FindDissemination(Guid id) => throw new NotSupportedException();

        public IReadOnlyList<StoredDissemination> Disseminations(string? caseNumber = null) => throw new NotSupportedException();
    }

    private sealed class FakePackager(FakeDisseminations disseminations) : IEvidencePackager
    {
        public List<ReleaseFile> Sealed { get; } = [];

        public bool PutInPlaceCalled { get; private set; }

        public bool RecordedBeforePutInPlace { get; private set; }

        public bool Discarded { get; private set; }

        public SealedPackage Seal(string destination, IReadOnlyList<ReleaseFile> files, DateTimeOffset at)
        {
            Sealed.AddRange(files);
            return new SealedPackage(destination, destination + ".partial", "pkg-1", "sha-of-package", 42, "passphrase");
        }

        public void PutInPlace(SealedPackage package)
        {
            PutInPlaceCalled = true;
            RecordedBeforePutInPlace = disseminations.Recorded.Count == 1;
        }

        public void Discard(SealedPackage package) => Discarded = true;
    }
}
