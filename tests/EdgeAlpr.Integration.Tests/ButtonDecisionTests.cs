using System.Device.Gpio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Storage;
using EdgeAlpr.TestKit.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Integration.Tests;

/// <summary>A long press of the in-cab accept button, on a simulated board, ends as a stored, audited, queued disposition.</summary>
public sealed class ButtonDecisionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_accept_button_press_is_stored_audited_and_queued_for_the_platform()
    {
        await using EvidenceStore store = EvidenceStore.Open(
            new StoreOptions { Directory = _dir.File("store"), MinFreeMegabytes = 0 },
            StoreKey.Generate(),
            TimeProvider.System,
            NullLogger.Instance
        );
        HotListHit hit = new(
            new HotListEntry
            {
                Plate = "STL3N1",
                State = "IL",
                Category = HotListCategory.StolenVehicle,
                Source = "NCIC",
            },
            MatchKind.Exact,
            1f,
            "STL3N1",
            0,
            80,
            true
        );
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var read = new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam1",
            now,
            now,
            now,
            "STL3N1",
            0.99f,
            [new PlateCandidate("STL3N1", 0.99f)],
            null,
            new BoundingBox(1, 2, 30, 12),
            3,
            null,
            new EvidenceImage([1, 2, 3], "image/jpeg"),
            new EvidenceImage([4, 5, 6], "image/jpeg")
        );
        StoredReceipt stored = await store.Reads.StoreAsync(new ReadSubmission(read, [hit]));

        var driver = new SimulatedGpioDriver();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var wiring = new GpioOptions
        {
            Enabled = true,
            BuzzerPin = 18,
            LedRedPin = 17,
            RelayPin = 23,
            AcceptButtonPin = 5,
        };
        using var gpio = new GpioController(driver);
        using var hardware = new AlertHardware(gpio, wiring, null, TimeProvider.System, NullLogger.Instance);
        using var buttons = new Buttons(gpio, wiring, clock, NullLogger.Instance);
        using var panel = new InCabAlerts(hardware, buttons, wiring, TimeProvider.System, NullLogger.Instance);
        using var decisions = new ButtonDecisions(
            panel,
            store.Reads,
            store.AuditLog,
            new Shift(store.AuditLog, TimeProvider.System),
            NullLogger.Instance
        );
        var covert = AlertPolicy.Create(
            HotListPolicy.Default,
            new Dictionary<string, AlertStyleSettings>(),
            covert: true,
            AlertPolicy.DefaultCooldown,
            null
        );
        await panel.RaiseAsync(AlertComposer.Compose(hit, covert, stored.HitIds[0]), CancellationToken.None);

        driver.Edge(5, PinEventTypes.Falling);
        clock.Advance(2000);
        driver.Edge(5, PinEventTypes.Rising);

        Guid disposition = Assert.Single(store.Reads.DispositionsOf(stored.HitIds[0]));
        StoredDisposition recorded = store.Reads.FindDisposition(disposition)!;
        Assert.Equal("accepted", recorded.Decision);
        Assert.Equal("LEADS", recorded.VerifiedWith);
        Assert.Single(store.AuditLog.AuditTrail("hit_disposition"));
        Assert.Contains(store.Outbox.PendingOutbox(100), i => i.Kind == OutboxKind.Disposition && i.RefId == disposition);
    }
}
