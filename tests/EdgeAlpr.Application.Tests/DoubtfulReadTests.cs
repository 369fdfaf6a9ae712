using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Application.Tests;

/// <summary>Reads recognition doubts: matched, kept only for a sure hit on a mandatory category, otherwise suppressed and counted.</summary>
public sealed class DoubtfulReadTests
{
    private static readonly HotListEntry Expired = new()
    {
        Plate = "EXP1R3",
        State = "IL",
        Category = HotListCategory.ExpiredRegistration,
        Source = "SOS",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly ReadPathOptions _options = new() { State = "IL", AlertQueue = 8 };
    private readonly ReadPathCounters _counters = new();
    private readonly AlertQueue _alerts;
    private readonly ReadMatcher _matcher;

    public DoubtfulReadTests()
    {
        _alerts = new AlertQueue(_options);
        var raiser = new AlertRaiser(AlertPolicy.Default, _alerts, _counters, NullLogger<AlertRaiser>.Instance);
        _matcher = new ReadMatcher(new FakeHotLists(Make.Snapshot(Make.Stolen("STL3N1"), Expired)), _options, _counters, _time, raiser);
    }

    private PlateRead Read(string plate, ReadDoubt? doubt = null) => Make.Read(plate, _time.GetUtcNow()) with { Doubt = doubt };

    // A near match is a hit only where the reading is unsure (docs/hotlist.md, "Matching"): the OCR's
    // second reading splits the position where the listed plate differs.
    private PlateRead Unsure(string plate, string alternative, ReadDoubt? doubt = null) =>
        Read(plate, doubt) with
        {
            Confidence = 0.5f,
            Candidates = [new(plate, 0.5f), new(alternative, 0.45f)],
        };

    private MatchedRead Match(PlateRead read) => _matcher.Match(new SourcedRead(read, _time.GetTimestamp()));

    [Fact]
    public async Task A_doubtful_read_of_no_listed_plate_is_counted_under_its_reason_and_goes_no_further()
    {
        var source = new ListSource([
            Read("ABC123"),
            Read("LLEM", ReadDoubt.Unconfirmed),
            Read("5", ReadDoubt.TooShort),
            Read("XYZ789", ReadDoubt.ImplausibleBox),
            Read("CLL244", ReadDoubt.Unconfirmed),
        ]);
        using var path = new ReadFlow(source, _matcher);
        var handedOn = new List<MatchedRead>();
        await path.OpenAsync(CancellationToken.None);
        await path.RunAsync(
            m =>
            {
                handedOn.Add(m);
                return Task.CompletedTask;
            },
            CancellationToken.None
        );
        await path.CloseAsync();

        Assert.Equal(["ABC123"], handedOn.Select(m => m.Read.Plate));
        Assert.Equal(1, _counters.Reads);
        Assert.Equal(new WireSuppressedReads(1, 1, 2), _counters.SuppressedReads());
        Assert.Equal(4, _counters.SuppressedReads().Total);
        Assert.Equal(0, _counters.DoubtfulReadsKept);
        Assert.Equal(0, _alerts.Count);
    }

    [Fact]
    public void A_doubtful_read_exactly_or_ocr_equivalently_on_a_mandatory_category_is_kept_and_alerted()
    {
        MatchedRead exact = Match(Read("STL3N1", ReadDoubt.Unconfirmed));
        MatchedRead equivalent = Match(Unsure("5TL3N1", "ETL3N1", ReadDoubt.Unconfirmed)); // S read as 5

        Assert.False(exact.Suppressed);
        Assert.Equal(MatchKind.Exact, Assert.Single(exact.Hits).Kind);
        Assert.False(equivalent.Suppressed);
        Assert.Equal(MatchKind.OcrEquivalent, Assert.Single(equivalent.Hits).Kind);
        Assert.Equal(2, _counters.DoubtfulReadsKept);
        Assert.Equal(2, _counters.Reads);
        Assert.Equal(2, _counters.Hits);
        Assert.Equal(0, _counters.SuppressedReads().Total);
        Assert.True(_alerts.Reader.TryRead(out RaisedAlert? raised));
        Assert.Equal(exact.HitIds[0], raised!.HitId);
    }

    [Fact]
    public void A_doubtful_read_matching_only_fuzzily_or_a_category_that_is_not_mandatory_is_suppressed()
    {
        // The same readings, trusted, are hits: what suppresses them is the doubt.
        Assert.Equal(MatchKind.MissingCharacter, Assert.Single(Match(Unsure("STL3N", "STL3M")).Hits).Kind);
        Assert.Equal(MatchKind.Exact, Assert.Single(Match(Read("EXP1R3")).Hits).Kind);
        int alerts = _alerts.Count;

        MatchedRead fuzzy = Match(Unsure("STL3N", "STL3M", ReadDoubt.Unconfirmed));
        MatchedRead expired = Match(Read("EXP1R3", ReadDoubt.Unconfirmed));

        Assert.True(fuzzy.Suppressed);
        Assert.True(expired.Suppressed);
        Assert.Empty(fuzzy.Hits);
        Assert.Empty(expired.HitIds);
        Assert.Equal(2, _counters.SuppressedReads().Unconfirmed);
        Assert.Equal(2, _counters.Reads);
        Assert.Equal(alerts, _alerts.Count);
    }

    [Fact]
    public void Without_a_hot_list_a_doubtful_read_is_suppressed_and_a_trusted_one_kept()
    {
        var matcher = new ReadMatcher(null, _options, _counters, _time);
        Assert.True(matcher.Match(new SourcedRead(Read("STL3N1", ReadDoubt.TooShort), 0)).Suppressed);
        Assert.False(matcher.Match(new SourcedRead(Read("STL3N1"), 0)).Suppressed);
        Assert.Equal((1L, 1L), (_counters.Reads, _counters.SuppressedReads().TooShort));
    }

    [Theory]
    [InlineData(HotListCategory.StolenVehicle, MatchKind.Exact, true)]
    [InlineData(HotListCategory.AmberAlert, MatchKind.ExactStateUnknown, true)]
    [InlineData(HotListCategory.FelonyVehicle, MatchKind.ExactOtherState, true)]
    [InlineData(HotListCategory.StolenPlate, MatchKind.OcrEquivalent, true)]
    [InlineData(HotListCategory.SilverAlert, MatchKind.Wildcard, false)]
    [InlineData(HotListCategory.StolenVehicle, MatchKind.MissingCharacter, false)]
    [InlineData(HotListCategory.StolenVehicle, MatchKind.ExtraCharacter, false)]
    [InlineData(HotListCategory.WantedPerson, MatchKind.Exact, false)]
    [InlineData(HotListCategory.ExpiredRegistration, MatchKind.Exact, false)]
    public void Only_a_sure_kind_on_a_mandatory_category_keeps_a_doubtful_read(HotListCategory category, MatchKind kind, bool keeps)
    {
        HotListEntry entry = Make.Stolen("ABC123") with { Category = category };
        Assert.Equal(keeps, DoubtfulReads.Keeps(new HotListHit(entry, kind, 0.9f, "ABC123", 0, 50, true)));
    }

    [Fact]
    public void A_mandatory_category_the_entry_is_also_listed_as_keeps_it_and_a_kept_read_carries_only_the_hits_that_kept_it()
    {
        HotListEntry alsoStolen = Expired with { AlsoListedAs = [HotListCategory.StolenPlate] };
        var keeping = new HotListHit(alsoStolen, MatchKind.Exact, 1f, "EXP1R3", 0, 50, true);
        var fuzzy = new HotListHit(Make.Stolen("EXP1R"), MatchKind.ExtraCharacter, 0.6f, "EXP1R3", 0, 80, true);

        Assert.True(DoubtfulReads.Keeps(keeping));
        Assert.Equal([keeping], DoubtfulReads.Keeping([fuzzy, keeping]));
    }

    [Fact]
    public void The_health_counters_carry_the_suppressed_reads_per_reason_and_the_kept_doubtful_ones()
    {
        Match(Read("LLEM", ReadDoubt.Unconfirmed));
        Match(Read("STL3N1", ReadDoubt.TooShort));

        WireAgentCounters wire = _counters.ToWire();
        Assert.Equal(new WireSuppressedReads(0, 0, 1), wire.ReadsSuppressed);
        Assert.Equal(1, wire.DoubtfulReadsKept);
        Assert.Equal(1, wire.Reads);
    }
}
