using EdgeAlpr.Application.People;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.People;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Application.Tests;

/// <summary>The alert stage with a fake panel and speaker: shown, sounded, audited; a broken panel holds nothing back.</summary>
public sealed class AlertDispatcherTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakePanel _panel = new();
    private readonly FakeSound _sound = new();
    private readonly FakeAuditLog _audit = new();
    private readonly ReadPathCounters _counters = new();
    private readonly AlertQueue _queue = new(new ReadPathOptions { AlertQueue = 8 });
    private readonly Shift _shift;

    public AlertDispatcherTests() => _shift = new Shift(_audit, _time);

    [Fact]
    public async Task Each_alert_is_shown_sounded_and_audited_with_its_read_and_camera()
    {
        RaisedAlert raised = Raise("STL3N1");
        await RunAsync(raised);

        Assert.Equal(raised.HitId, Assert.Single(_panel.Shown).HitId);
        Assert.Equal(raised.HitId, Assert.Single(_sound.Played).HitId);
        AuditEvent e = Assert.Single(_audit.Events);
        Assert.Equal("alert_raised", e.Action);
        Assert.Equal(raised.HitId.ToString(), e.Subject);
        Assert.Equal(raised.ReadId.ToString(), e.Details["read_id"]);
        Assert.Equal("cam3", e.Details["camera_id"]);
        Assert.Equal(true, e.Details["panel"]);
        Assert.Equal("agent", e.Actor);
        Assert.Null(e.Details["officer_on_shift"]);
        Assert.Equal(1, _counters.Alerts);
        Assert.True(_queue.Drained.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task An_alert_raised_while_an_officer_is_signed_on_names_them()
    {
        _shift.SignOn(TestUsers.Of("ofc.ruiz", Role.Officer));
        _audit.Events.Clear();
        await RunAsync(Raise("AAA111"));
        Assert.Equal("ofc.ruiz", Assert.Single(_audit.Events).Details["officer_on_shift"]);
    }

    [Fact]
    public async Task A_panel_that_fails_does_not_stop_the_sound_or_the_audit()
    {
        _panel.FailWith = new IOException("gpiochip gone");
        _panel.Enabled = true;
        await RunAsync(Raise("AAA111"), Raise("BBB222"));

        Assert.Empty(_panel.Shown);
        Assert.Equal(2, _sound.Played.Count);
        Assert.Equal(2, _audit.Events.Count);
        Assert.Equal(2, _counters.Alerts);
    }

    [Fact]
    public async Task Without_a_panel_the_audit_says_so()
    {
        _panel.Enabled = false;
        await RunAsync(Raise("AAA111"));
        Assert.Equal(false, Assert.Single(_audit.Events).Details["panel"]);
    }

    [Fact]
    public async Task Button_decisions_are_recorded_in_the_store()
    {
        var store = new FakeReadStore();
        var shift = new Shift(_audit, _time);
        using var decisions = new ButtonDecisions(_panel, store, _audit, shift, NullLogger<ButtonDecisions>.Instance);
        var decision = new HitDisposition(Guid.CreateVersion7(), HitDecision.Accepted, "in-cab", "LEADS", null, _time.GetUtcNow());
        _panel.Decide(decision);
        // Nobody signed on: the press is kept, and says so instead of naming anyone.
        Assert.Equal(decision with { Officer = Shift.NobodySignedOn }, Assert.Single(store.Decisions));
        store.Decisions.Clear();

        AuthenticatedUser officer = TestUsers.Of("ofc.ruiz", Role.Officer);
        shift.SignOn(officer);
        _panel.Decide(decision);
        Assert.Equal("ofc.ruiz", Assert.Single(store.Decisions).Officer);
        Assert.Contains(_audit.Events, e => e.Action == "shift_sign_on" && e.Actor == "ofc.ruiz");
        Assert.True(shift.SignOff(officer));
        _panel.Decide(decision);
        Assert.Equal(Shift.NobodySignedOn, store.Decisions[^1].Officer);
        store.Decisions.Clear();

        // Disposed: no longer listening.
        decisions.Dispose();
        _panel.Decide(decision);
        Assert.Empty(store.Decisions);
        await Task.CompletedTask;
    }

    private RaisedAlert Raise(string plate)
    {
        HotListHit hit = Make.Hit(plate);
        Guid hitId = Guid.CreateVersion7();
        return new RaisedAlert(
            AlertComposer.Compose(hit, AlertPolicy.Default, hitId),
            Guid.CreateVersion7(),
            "cam3",
            hit,
            hitId,
            _time.GetTimestamp()
        );
    }

    private async Task RunAsync(params RaisedAlert[] alerts)
    {
        using var dispatcher = new AlertDispatcher(_queue, _panel, _sound, _audit, _counters, _shift, _time, NullLogger<AlertDispatcher>.Instance);
        foreach (RaisedAlert a in alerts)
        {
            Assert.True(_queue.TryAdd(a));
        }

        _queue.Complete();
        await dispatcher.StartAsync(CancellationToken.None);
        await _queue.Drained.WaitAsync(TimeSpan.FromSeconds(10));
        await dispatcher.StopAsync(CancellationToken.None);
    }
}
