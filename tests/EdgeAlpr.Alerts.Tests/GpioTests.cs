using System.Device.Gpio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.TestKit.Gpio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Alerts.Tests;

/// <summary>The in-cab panel on a simulated board (Raspberry Pi 4 pin map of hardware/raspberry-pi.md): the exact pin sequences.</summary>
public sealed class GpioTests
{
    private const int Buzzer = 18,
        Red = 17,
        Green = 27,
        Blue = 22,
        Relay = 23,
        Accept = 5,
        Reject = 6,
        Mute = 13;

    private static GpioOptions Wiring(Action<GpioOptions>? change = null)
    {
        var o = new GpioOptions
        {
            Enabled = true,
            Board = "raspberry-pi-4",
            BuzzerPin = Buzzer,
            LedRedPin = Red,
            LedGreenPin = Green,
            LedBluePin = Blue,
            RelayPin = Relay,
            AcceptButtonPin = Accept,
            RejectButtonPin = Reject,
            MuteButtonPin = Mute,
            RepeatSeconds = 1,
        };
        change?.Invoke(o);
        return o;
    }

    [Fact]
    public async Task A_stolen_vehicle_alert_lights_red_switches_the_light_bar_and_beeps_twice()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        using var hardware = new AlertHardware(gpio, Wiring(), null, TimeProvider.System, NullLogger.Instance);
        Alert alert = AlertComposer.Compose(Hit(HotListCategory.StolenVehicle), AlertPolicy.Default);
        await hardware.SignalAsync(alert, CancellationToken.None);
        hardware.Clear();

        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low, PinValue.Low], driver.On(Buzzer));
        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low], driver.On(Relay));
        Assert.Equal(PinValue.High, driver.On(Red)[1]);
        Assert.DoesNotContain(PinValue.High, driver.On(Green));
        Assert.DoesNotContain(PinValue.High, driver.On(Blue));
        Assert.Equal(PinMode.Output, driver.ModeOf(Buzzer));

        // The buzzer's rhythm is the high pattern's: 250 ms on, 120 ms off, 250 ms on. A busy
        // machine can only make a delay longer, so the lower bounds are the pattern's own.
        var edges = driver.Writes.Where(w => w.Pin == Buzzer).Skip(1).Take(4).Select(w => w.Ms).ToArray();
        Assert.InRange(edges[1] - edges[0], 245, 3000);
        Assert.InRange(edges[2] - edges[1], 115, 3000);
        Assert.InRange(edges[3] - edges[2], 245, 3000);
    }

    [Fact]
    public async Task A_passive_piezo_is_driven_at_each_tones_frequency_through_PWM()
    {
        var driver = new SimulatedGpioDriver();
        var pwm = new SimulatedPwm();
        using var gpio = new GpioController(driver);
        using var hardware = new AlertHardware(
            gpio,
            Wiring(o =>
            {
                o.Buzzer = BuzzerKind.Pwm;
                o.BuzzerPin = null;
                o.PwmChip = 0;
                o.PwmChannel = 0;
            }),
            pwm,
            TimeProvider.System,
            NullLogger.Instance
        );
        await hardware.BuzzAsync(TonePattern.Critical, CancellationToken.None);
        string[] expected = Enumerable.Repeat(new[] { "start 960 Hz 50%", "stop", "start 1440 Hz 50%", "stop" }, 3).SelectMany(s => s).ToArray();
        Assert.Equal(expected, pwm.Log.Take(12));
    }

    [Fact]
    public async Task A_common_anode_LED_and_a_low_active_relay_are_driven_inverted()
    {
        var driver = new SimulatedGpioDriver();
        using var gpio = new GpioController(driver);
        using var hardware = new AlertHardware(
            gpio,
            Wiring(o =>
            {
                o.LedActiveLow = true;
                o.RelayActiveLow = true;
            }),
            null,
            TimeProvider.System,
            NullLogger.Instance
        );
        var covert = AlertPolicy.Create(
            HotListPolicy.Default,
            new Dictionary<string, AlertStyleSettings>(),
            covert: false,
            AlertPolicy.DefaultCooldown,
            null
        );
        Alert amber = AlertComposer.Compose(Hit(HotListCategory.AmberAlert), covert) with { Audible = false };
        await hardware.SignalAsync(amber, CancellationToken.None);
        // Off at start is high; amber is red + green lit (low), blue dark (high); the relay closes (low).
        Assert.Equal([PinValue.High, PinValue.Low], driver.On(Red).Take(2));
        Assert.Equal([PinValue.High, PinValue.Low], driver.On(Green).Take(2));
        Assert.Equal([PinValue.High, PinValue.High], driver.On(Blue).Take(2));
        Assert.Equal([PinValue.High, PinValue.Low], driver.On(Relay));
        Assert.Equal([PinValue.Low], driver.On(Buzzer)); // silent: only its initial value
        hardware.Clear();
    }

    [Fact]
    public void Buttons_ignore_contact_bounce_and_tell_short_from_long_presses()
    {
        var driver = new SimulatedGpioDriver();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        using var gpio = new GpioController(driver);
        using var buttons = new Buttons(gpio, Wiring(), clock, NullLogger.Instance);
        var presses = new List<(Button, bool)>();
        buttons.Pressed += (b, l) => presses.Add((b, l));
        Assert.Equal(PinMode.InputPullUp, driver.ModeOf(Accept));

        // A long press with bounce on both edges.
        Press(driver, clock, Accept, PinEventTypes.Falling);
        Bounce(driver, clock, Accept);
        clock.Advance(1600);
        Press(driver, clock, Accept, PinEventTypes.Rising);
        Bounce(driver, clock, Accept, releasing: true);
        // A short press.
        clock.Advance(500);
        Press(driver, clock, Mute, PinEventTypes.Falling);
        clock.Advance(200);
        Press(driver, clock, Mute, PinEventTypes.Rising);
        // A glitch shorter than the debounce time.
        clock.Advance(500);
        Press(driver, clock, Reject, PinEventTypes.Falling);
        clock.Advance(5);
        Press(driver, clock, Reject, PinEventTypes.Rising);

        Assert.Equal([(Button.Accept, true), (Button.Mute, false)], presses);
    }

    [Fact]
    public async Task An_AMBER_alert_repeats_until_acknowledged_and_long_presses_record_the_decision()
    {
        var driver = new SimulatedGpioDriver();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        using var gpio = new GpioController(driver);
        GpioOptions wiring = Wiring();
        using var hardware = new AlertHardware(gpio, wiring, null, TimeProvider.System, NullLogger.Instance);
        using var buttons = new Buttons(gpio, wiring, clock, NullLogger.Instance);
        using var panel = new InCabAlerts(hardware, buttons, wiring, TimeProvider.System, NullLogger.Instance);
        var decisions = new List<HitDisposition>();
        panel.Decided += decisions.Add;

        Guid hitId = Guid.NewGuid();
        Alert amber = AlertComposer.Compose(Hit(HotListCategory.AmberAlert), AlertPolicy.Default, hitId);
        Assert.True(amber.RepeatUntilAcknowledged);
        await panel.RaiseAsync(amber, CancellationToken.None);
        // The AMBER tone is 6 beeps; unacknowledged, it sounds again every second.
        await Poll.WaitAsync(() => driver.On(Buzzer).Count(v => v == PinValue.High) >= 12, TimeSpan.FromSeconds(15));

        int beeps = driver.On(Buzzer).Count(v => v == PinValue.High);
        Assert.True(beeps >= 12, $"the AMBER tone did not repeat: {beeps} beeps");

        // A short press acknowledges: no more beeps.
        Press(driver, clock, Mute, PinEventTypes.Falling);
        clock.Advance(100);
        Press(driver, clock, Mute, PinEventTypes.Rising);
        int afterAck = driver.On(Buzzer).Count(v => v == PinValue.High);
        await Task.Delay(1500);
        Assert.Equal(afterAck, driver.On(Buzzer).Count(v => v == PinValue.High));
        Assert.Equal(PinValue.Low, driver.On(Buzzer)[^1]);

        // A long press of accept records the decision and clears the panel.
        Press(driver, clock, Accept, PinEventTypes.Falling);
        clock.Advance(2000);
        Press(driver, clock, Accept, PinEventTypes.Rising);
        HitDisposition accepted = Assert.Single(decisions);
        Assert.Equal(hitId, accepted.HitId);
        Assert.Equal(HitDecision.Accepted, accepted.Decision);
        Assert.Equal("LEADS", accepted.VerifiedWith);
        Assert.Empty(accepted.Validate());
        Assert.Equal(PinValue.Low, driver.On(Relay)[^1]);
        Assert.Null(panel.Current);

        // Reject on the next hit: a valid rejection with its reason.
        await panel.RaiseAsync(AlertComposer.Compose(Hit(HotListCategory.StolenPlate), AlertPolicy.Default, Guid.NewGuid()), CancellationToken.None);
        Press(driver, clock, Reject, PinEventTypes.Falling);
        clock.Advance(1800);
        Press(driver, clock, Reject, PinEventTypes.Rising);
        Assert.Equal(HitDecision.Rejected, decisions[^1].Decision);
        Assert.Empty(decisions[^1].Validate());
    }

    [Fact]
    public void Wiring_problems_are_listed_at_start()
    {
        var bad = Wiring(o =>
        {
            o.RelayPin = Buzzer;
            o.LedBluePin = 40;
            o.Buzzer = BuzzerKind.Pwm;
        });
        string all = string.Join("\n", GpioOptionsValidator.Problems(bad));
        Assert.Contains($"Gpio:RelayPin {Buzzer} is already Gpio:BuzzerPin", all, StringComparison.Ordinal);
        Assert.Contains("Gpio:LedBluePin 40 is not a GPIO on the raspberry-pi-4 header", all, StringComparison.Ordinal);
        Assert.Contains("needs Gpio:PwmChip and Gpio:PwmChannel", all, StringComparison.Ordinal);
        Assert.Contains(
            "Gpio:Board 'arduino' is not one of",
            string.Join("\n", GpioOptionsValidator.Problems(Wiring(o => o.Board = "arduino"))),
            StringComparison.Ordinal
        );
        Assert.Empty(GpioOptionsValidator.Problems(Wiring()));
        Assert.Empty(GpioOptionsValidator.Problems(new GpioOptions()));
    }

    private static void Press(SimulatedGpioDriver driver, FakeTimeProvider clock, int pin, PinEventTypes edge)
    {
        driver.Edge(pin, edge);
        clock.Advance(1);
    }

    private static void Bounce(SimulatedGpioDriver driver, FakeTimeProvider clock, int pin, bool releasing = false)
    {
        for (int i = 0; i < 3; i++)
        {
            driver.Edge(pin, (i % 2 == 0) == releasing ? PinEventTypes.Falling : PinEventTypes.Rising);
            clock.Advance(2);
        }
    }

    private static HotListHit Hit(HotListCategory category) =>
        new(
            new HotListEntry
            {
                Plate = "ABC123",
                State = "IL",
                Category = category,
                Source = "NCIC",
            },
            MatchKind.Exact,
            1f,
            "ABC123",
            0,
            HotListCategories.DefaultPriority(category),
            true
        );
}
