using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Device.Pwm;
using System.Diagnostics;

namespace EdgeAlpr.TestKit.Gpio;

/// <summary>
/// A board for the tests: System.Device.Gpio's own driver abstraction, with every write recorded
/// in order (pin, value, when) and button edges raised on demand.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly ConcurrentDictionary<int, (PinMode Mode, PinValue Value)> _pins = new();
    private readonly ConcurrentDictionary<int, PinChangeEventHandler> _callbacks = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(int Pin, PinValue Value, double Ms)> _writes = [];

    public IReadOnlyList<(int Pin, PinValue Value, double Ms)> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    public PinMode ModeOf(int pin) => _pins[pin].Mode;

    /// <summary>The values written to one pin, in order (the initial value of an output first).</summary>
    public IReadOnlyList<PinValue> On(int pin) => Writes.Where(w => w.Pin == pin).Select(w => w.Value).ToList();

    /// <summary>An edge on an input pin, as a button makes it.</summary>
    public void Edge(int pin, PinEventTypes change)
    {
        _pins[pin] = (_pins[pin].Mode, change == PinEventTypes.Rising ? PinValue.High : PinValue.Low);
        if (_callbacks.TryGetValue(pin, out PinChangeEventHandler? callback))
        {
            callback(this, new PinValueChangedEventArgs(change, pin));
        }
    }

    protected override int PinCount => 64;

    protected override void OpenPin(int pinNumber) => _pins.TryAdd(pinNumber, (PinMode.Input, PinValue.Low));

    protected override void ClosePin(int pinNumber) => _pins.TryRemove(pinNumber, out _);

    protected override void SetPinMode(int pinNumber, PinMode mode) =>
        _pins[pinNumber] = (mode, _pins.TryGetValue(pinNumber, out var p) ? p.Value : PinValue.Low);

    protected override PinMode GetPinMode(int pinNumber) => _pins[pinNumber].Mode;

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => _pins[pinNumber].Value;

    protected override void Write(int pinNumber, PinValue value)
    {
        _pins[pinNumber] = (_pins[pinNumber].Mode, value);
        lock (_writes)
        {
            _writes.Add((pinNumber, value, _clock.Elapsed.TotalMilliseconds));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the agent uses callbacks, not waits");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _callbacks[pinNumber] = callback;

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _callbacks.TryRemove(pinNumber, out _);
}

/// <summary>A PWM output that records what it was told.</summary>
public sealed class SimulatedPwm : PwmChannel
{
    private readonly List<string> _log = [];

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public override int Frequency { get; set; }

    public override double DutyCycle { get; set; }

    public override void Start()
    {
        lock (_log)
        {
            _log.Add($"start {Frequency} Hz {DutyCycle * 100:F0}%");
        }
    }

    public override void Stop()
    {
        lock (_log)
        {
            _log.Add("stop");
        }
    }
}
