using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Application.Tests;

/// <summary>Matching, alerting and storing of the agent's read path, with fakes for the hot list and the store.</summary>
public sealed class ReadPathTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeHotLists _hotLists = new(Make.Snapshot(Make.Stolen("STL3N1")));
    private readonly FakeReadStore _store = new();
    private readonly ReadPathOptions _options = new()
    {
        State = "IL",
        StoreWindow = 4,
        AlertQueue = 8,
    };
    private readonly ReadPathCounters _counters = new();
    private readonly AlertQueue _alerts;
    private readonly ReadMatcher _matcher;
    private readonly ReadRecorder _recorder;

    public ReadPathTests()
    {
        _alerts = new AlertQueue(_options);
        var raiser = new AlertRaiser(AlertPolicy.Default, _alerts, _counters, NullLogger<AlertRaiser>.Instance);
        _matcher = new ReadMatcher(_hotLists, _options, _counters, _time, raiser);
        _recorder = new ReadRecorder(_store, raiser, _options, _counters, _time, NullLogger<ReadRecorder>.Instance);
    }

    public void Dispose() => _recorder.Dispose();

    [Fact]
    public async Task A_hit_raises_an_alert_and_is_stored_with_the_id_the_alert_carries()
    {
        PlateRead read = Make.Read("STL3N1", _time.GetUtcNow());
        MatchedRead matched = _matcher.Match(new SourcedRead(read, _time.GetTimestamp()));
        await _recorder.RecordAsync(matched);
        await _recorder.FlushAsync();

        HotListHit hit = Assert.Single(matched.Hits);
        Assert.Equal("STL3N1", hit.Entry.Plate);
        Guid hitId = Assert.Single(matched.HitIds);
        Assert.True(_alerts.Reader.TryRead(out RaisedAlert? raised));
        Assert.Equal(hitId, raised!.HitId);
        Assert.Equal(read.Id, raised.ReadId);
        Assert.Equal("cam1", raised.CameraId);
        Assert.Equal(hitId, raised.Alert.HitId);
        ReadSubmission stored = Assert.Single(_store.Stored);
        Assert.Equal(read.Id, stored.Read.Id);
        Assert.Equal([hitId], stored.HitIds);
        Assert.Equal("IL", stored.State);
        Assert.Equal((1, 1, 0L), (_counters.Reads, _counters.Hits, _counters.StoreFailures));
        Assert.Equal(0, _recorder.InFlight);
    }

    [Fact]
    public async Task A_read_of_no_listed_plate_is_stored_without_hits_or_alerts()
    {
        MatchedRead matched = _matcher.Match(new SourcedRead(Make.Read("ABC123", _time.GetUtcNow()), _time.GetTimestamp()));
        await _recorder.RecordAsync(matched);

        Assert.Empty(matched.Hits);
        Assert.Equal(0, _alerts.Count);
        Assert.Empty(Assert.Single(_store.Stored).Hits);
    }

    [Fact]
    public void The_same_plate_again_within_the_cooldown_is_a_hit_without_a_second_alert_and_alerts_again_after_it()
    {
        _matcher.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), _time.GetTimestamp()));
        _time.Advance(TimeSpan.FromMinutes(2));
        MatchedRead again = _matcher.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), _time.GetTimestamp()));

        Assert.Single(again.Hits);
        Assert.Equal(1, _alerts.Count);
        Assert.Equal(2, _counters.Hits);
        Assert.Equal(1, _counters.AlertsSuppressed);

        _time.Advance(AlertPolicy.DefaultCooldown);
        _matcher.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), _time.GetTimestamp()));
        Assert.Equal(2, _alerts.Count);
    }

    [Fact]
    public void The_units_state_is_taken_into_the_match()
    {
        var here = new ReadMatcher(_hotLists, _options, _counters, _time);
        var elsewhere = new ReadMatcher(_hotLists, _options with { State = "WI" }, _counters, _time);
        Assert.Equal(MatchKind.Exact, Assert.Single(here.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), 0)).Hits).Kind);
        Assert.Equal(MatchKind.ExactOtherState, Assert.Single(elsewhere.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), 0)).Hits).Kind);
    }

    [Fact]
    public async Task A_read_the_store_refuses_is_counted_and_its_alert_still_raised()
    {
        _store.RefuseWith = new StoreException("disk full");
        await _recorder.RecordAsync(_matcher.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), _time.GetTimestamp())));
        await _recorder.FlushAsync();

        Assert.Empty(_store.Stored);
        Assert.Equal(1, _counters.StoreFailures);
        Assert.Equal(1, _alerts.Count);
        Assert.Equal(0, _recorder.InFlight);
    }

    [Fact]
    public async Task A_read_the_store_gives_up_on_later_is_counted_and_frees_its_place_in_the_window()
    {
        _store.FailLaterWith = new IOException("fsync failed");
        for (int i = 0; i < _options.StoreWindow + 2; i++)
        {
            await _recorder.RecordAsync(_matcher.Match(new SourcedRead(Make.Read("ABC12" + i, _time.GetUtcNow()), _time.GetTimestamp())));
        }

        await _recorder.FlushAsync();
        Assert.Equal(_options.StoreWindow + 2, _counters.StoreFailures);
        Assert.Equal(_options.StoreWindow + 2, _counters.Reads);
    }

    [Fact]
    public void Hits_on_past_reads_are_stored_counted_and_alerted_for_the_camera_that_saw_the_car()
    {
        Guid pastRead = Guid.CreateVersion7();
        HotListHit hit = Make.Hit("AMB3R1") with
        {
            Retroactive = new RetroactiveRead(pastRead, "cam2", _time.GetUtcNow().AddMinutes(-10), TimeSpan.FromMinutes(10)),
        };
        Guid storedId = Guid.CreateVersion7();
        _store.Retroactive = hits => [(storedId, hits[0], "cam2")];
        _hotLists.RetroactiveHitsFound += _recorder.PastReadsHit;

        _hotLists.Found([hit]);

        Assert.True(_alerts.Reader.TryRead(out RaisedAlert? raised));
        Assert.Equal((storedId, pastRead, "cam2"), (raised!.HitId, raised.ReadId, raised.CameraId));
        Assert.Equal(1, _counters.Hits);
    }

    [Fact]
    public void Hits_on_past_reads_the_store_cannot_keep_raise_no_alert_and_do_not_throw()
    {
        _store.Retroactive = _ => throw new StoreException("closed");
        _recorder.PastReadsHit([
            Make.Hit("AMB3R1") with
            {
                Retroactive = new RetroactiveRead(Guid.CreateVersion7(), "cam2", _time.GetUtcNow(), TimeSpan.Zero),
            },
        ]);
        Assert.Equal(0, _alerts.Count);
        Assert.Equal(0, _counters.Hits);
    }

    [Fact]
    public void Without_a_hot_list_reads_are_counted_and_never_hit()
    {
        var matcher = new ReadMatcher(null, _options, _counters, _time);
        MatchedRead matched = matcher.Match(new SourcedRead(Make.Read("STL3N1", _time.GetUtcNow()), 0));
        Assert.False(matcher.Matches);
        Assert.Empty(matched.Hits);
        Assert.Equal(1, _counters.Reads);
    }

    [Fact]
    public void A_full_alert_queue_drops_the_alert_but_not_the_hit()
    {
        var small = new AlertQueue(new ReadPathOptions { AlertQueue = 1 });
        var raiser = new AlertRaiser(AlertPolicy.Default, small, _counters, NullLogger<AlertRaiser>.Instance);
        Assert.True(raiser.Raise(Guid.NewGuid(), "cam1", Make.Hit("AAA111"), Guid.NewGuid(), 0, _time.GetUtcNow()));
        Assert.False(raiser.Raise(Guid.NewGuid(), "cam1", Make.Hit("BBB222"), Guid.NewGuid(), 0, _time.GetUtcNow()));
        Assert.Equal(1, small.Count);
    }

    [Fact]
    public async Task The_read_path_matches_every_read_of_the_source_and_hands_it_on_in_order()
    {
        var source = new ListSource([
            Make.Read("ABC123", _time.GetUtcNow()),
            Make.Read("STL3N1", _time.GetUtcNow()),
            Make.Read("XYZ789", _time.GetUtcNow()),
        ]);
        using var path = new ReadFlow(source, _matcher);
        var seen = new List<MatchedRead>();
        await path.OpenAsync(CancellationToken.None);
        await path.RunAsync(
            m =>
            {
                seen.Add(m);
                return Task.CompletedTask;
            },
            CancellationToken.None
        );
        await path.CloseAsync();

        Assert.True(source.Opened);
        Assert.Equal(["ABC123", "STL3N1", "XYZ789"], seen.Select(m => m.Read.Plate));
        Assert.Equal([0, 1, 0], seen.Select(m => m.Hits.Count));
        Assert.Equal(1, _alerts.Count);
    }

    [Fact]
    public void The_application_references_no_adapter_library()
    {
        string[] forbidden =
        [
            "LiteDB",
            "MQTTnet",
            "OpenCvSharp",
            "SkiaSharp",
            "Microsoft.ML.OnnxRuntime",
            "System.Device.Gpio",
            "EdgeAlpr.Storage",
            "EdgeAlpr.HotLists",
            "EdgeAlpr.Uplink",
            "EdgeAlpr.Pipeline",
            "EdgeAlpr.Capture",
            "EdgeAlpr.Recognition",
            "EdgeAlpr.Alerts",
            "EdgeAlpr.Location",
            "EdgeAlpr.Vision",
            "EdgeAlpr.Inference",
            "EdgeAlpr.Agent",
        ];
        string[] references = [.. typeof(ReadMatcher).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("EdgeAlpr.Core", references);
        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
    }
}
