using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Application.Tests;

/// <summary>
/// Refused platform messages audited in aggregate on a fake clock: the first of a topic and reason at once, the rest
/// of its minute as one event when the minute ends or the uplink stops; a flood costs a bounded number of events,
/// and every refusal is in some event's count.
/// </summary>
public sealed class RefusedMessagesTests : IDisposable
{
    private const string Commands = "alpr/il-chicago-pd/unit-7/cmd";
    private const string Full = "alpr/il-chicago-pd/hotlist/full";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeAuditLog _audit = new();
    private readonly RefusedMessages _refusals;

    public RefusedMessagesTests() => _refusals = new RefusedMessages(_audit, _clock, NullLogger.Instance);

    public void Dispose() => _refusals.Dispose();

    [Fact]
    public void A_single_refusal_is_audited_at_once_and_nothing_more_when_its_minute_ends()
    {
        Guid id = Guid.CreateVersion7();
        Assert.True(_refusals.Record(Refusal(Commands, "expired", 1, commandId: id)));

        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal((RefusedMessages.Action, "expired", "platform"), (e.Action, e.Subject, e.Actor));
        Assert.Equal(Commands, e.Details["topic"]);
        Assert.Equal(1, e.Details["count"]);
        Assert.Equal(true, e.Details["first_of_window"]);
        Assert.Equal(_clock.GetUtcNow(), e.Details["first_at"]);
        Assert.Equal(100L, e.Details["bytes"]);
        Assert.Equal([Hash(1)], Assert.IsType<List<string>>(e.Details["payload_sha256"]));
        Assert.Equal([id.ToString()], Assert.IsType<List<string>>(e.Details["command_ids"]));
        Assert.Equal("refused 1", e.Details["message"]);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(_audit.Events);
        Assert.Equal(0, _refusals.Pending());
    }

    [Fact]
    public void A_flood_within_a_minute_is_two_events_whose_counts_add_up_with_bounded_samples()
    {
        for (int i = 0; i < 1000; i++)
        {
            _refusals.Record(Refusal(Commands, "not_signed", i, answerDropped: i >= 10));
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        // Fifty seconds in: the first is audited, the rest counted.
        Assert.Single(_audit.Events);
        Assert.Equal(999, _refusals.Pending());
        Assert.Equal(999, _refusals.Pending(Commands));
        Assert.Equal(0, _refusals.Pending(Full));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _audit.Events.Count);
        AuditEvent rest = _audit.Events[1];
        Assert.Equal(999, rest.Details["count"]);
        Assert.Equal(false, rest.Details["first_of_window"]);
        Assert.Equal(990, rest.Details["answers_dropped"]);
        Assert.Equal(999 * 100L, rest.Details["bytes"]);
        Assert.Equal("refused 1", rest.Details["message"]);
        Assert.Equal(RefusedMessages.MaxSamples, Assert.IsType<List<string>>(rest.Details["payload_sha256"]).Count);
        Assert.Empty(Assert.IsType<List<string>>(rest.Details["command_ids"]));
        Assert.True((DateTimeOffset)rest.Details["last_at"]! > (DateTimeOffset)rest.Details["first_at"]!);
        Assert.Equal(1000, _audit.Events.Sum(e => (int)e.Details["count"]!));
        Assert.Equal(0, _refusals.Pending());
    }

    [Fact]
    public void A_long_flood_of_several_kinds_costs_at_most_two_events_per_kind_and_minute_and_loses_none()
    {
        (string Topic, string Reason)[] kinds = [(Commands, "not_signed"), (Commands, "bad_signature"), (Full, "malformed")];
        int sent = 0;
        // Ten minutes, a refusal of each kind every 100 ms: 18,000 messages.
        for (int tick = 0; tick < 6000; tick++)
        {
            foreach ((string topic, string reason) in kinds)
            {
                _refusals.Record(Refusal(topic, reason, sent++));
            }

            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        _refusals.Flush();
        Assert.Equal(18_000, sent);
        Assert.InRange(_audit.Events.Count, kinds.Length * 10, kinds.Length * 2 * 11);
        foreach ((string topic, string reason) in kinds)
        {
            var events = _audit.Events.Where(e => (string)e.Details["topic"]! == topic && e.Subject == reason).ToList();
            Assert.Equal(6000, events.Sum(e => (int)e.Details["count"]!));
            Assert.InRange(events.Count(e => (bool)e.Details["first_of_window"]!), 10, 11);
        }

        Assert.All(_audit.Events, e => Assert.Equal(RefusedMessages.Action, e.Action));
    }

    [Fact]
    public void Counts_still_open_are_audited_on_flush_and_dispose_and_a_refusal_after_dispose_at_once()
    {
        _refusals.Record(Refusal(Commands, "replay", 1));
        _refusals.Record(Refusal(Commands, "replay", 2));
        _refusals.Record(Refusal(Commands, "replay", 3));
        _refusals.Record(Refusal(Full, "too_large", 4));
        _refusals.Record(Refusal(Full, "too_large", 5));
        Assert.Equal(2, _audit.Events.Count);

        _refusals.Dispose();
        Assert.Equal(4, _audit.Events.Count);
        Assert.Equal([1, 1, 2, 1], _audit.Events.Select(e => (int)e.Details["count"]!));
        Assert.Equal(0, _refusals.Pending());

        // Disposed: nothing is held back any more, and no timer is left to fire.
        _refusals.Record(Refusal(Commands, "replay", 6));
        _refusals.Record(Refusal(Commands, "replay", 7));
        Assert.Equal(6, _audit.Events.Count);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(6, _audit.Events.Count);
        Assert.Equal(7, _audit.Events.Sum(e => (int)e.Details["count"]!));
    }

    [Fact]
    public void A_window_past_its_end_whose_timer_has_not_run_ends_when_the_next_refusal_comes()
    {
        _refusals.Record(Refusal(Commands, "expired", 1));
        _refusals.Record(Refusal(Commands, "expired", 2));
        // The wall clock jumps (AdjustTime fires no timer), as when the thread pool is late.
        _clock.AdjustTime(_clock.GetUtcNow().AddMinutes(3));
        Assert.True(_refusals.Record(Refusal(Commands, "expired", 3)));

        Assert.Equal([1, 1, 1], _audit.Events.Select(e => (int)e.Details["count"]!));
        Assert.Equal([true, false, true], _audit.Events.Select(e => (bool)e.Details["first_of_window"]!));
    }

    [Fact]
    public void A_long_reason_is_cut_and_an_audit_failure_is_logged_not_thrown()
    {
        var log = new ListLogger();
        using var refusals = new RefusedMessages(_audit, _clock, log);
        refusals.Record(Refusal(Commands, "malformed", 1) with { Message = new string('x', 5000) });
        Assert.Equal(RefusedMessages.MaxMessageChars + 1, ((string)_audit.Events[0].Details["message"]!).Length);

        _audit.Failure = new IOException("disk full");
        refusals.Record(Refusal(Commands, "too_large", 2));
        Assert.Contains(log.Lines, l =>
            l.Contains("Could not audit 1 refused messages", StringComparison.Ordinal) && l.Contains("disk full", StringComparison.Ordinal)
        );
        Assert.Contains(log.Lines, l => l.StartsWith("Warning: Refused a message on " + Commands + " (malformed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_hot_list_update_is_counted_under_its_code()
    {
        var hotLists = new FakeHotLists(HotListSnapshot.Empty(HotListPolicy.Default, OcrEquivalence.Default, 5))
        {
            Refusal = new HotListImportException("signature check failed: not the platform's key", code: HotListRefusal.BadSignature),
        };
        var update = new ApplyPlatformUpdate(hotLists, _audit, _refusals, NullLogger.Instance);

        for (int i = 0; i < 50; i++)
        {
            Assert.Null(await update.RunAsync(Full, new byte[10], Hash(i), CancellationToken.None));
        }

        update.Refused(Full, HotListRefusal.TooLarge, "the update is 300 MB", 300_000_000, Hash(99));
        _clock.Advance(RefusedMessages.DefaultWindow);

        Assert.All(_audit.Events, e => Assert.Equal(RefusedMessages.Action, e.Action));
        // Each kind's first at once, the other 49 bad signatures when their minute ended.
        Assert.Equal([1, 1, 49], _audit.Events.Select(e => (int)e.Details["count"]!));
        Assert.Equal(["bad_signature", "too_large", "bad_signature"], _audit.Events.Select(e => e.Subject));
        Assert.Equal(300_000_000L, _audit.Events[1].Details["bytes"]);
        Assert.Equal(490L, _audit.Events[2].Details["bytes"]);
    }

    [Fact]
    public void The_window_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RefusedMessages(_audit, _clock, NullLogger.Instance, TimeSpan.Zero));

    private static RefusedMessage Refusal(string topic, string reason, int n, Guid? commandId = null, bool answerDropped = false) =>
        new(topic, reason, $"refused {n}", 100, Hash(n), commandId, answerDropped);

    private static string Hash(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
