using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Alerts.Gpio;

public enum Button
{
    Accept,
    Reject,
    Mute,
}

/// <summary>
/// The accept, reject and mute buttons: edges closer together than the debounce time are
/// contact bounce and ignored; a press is reported on release, as short or long (at least
/// <see cref="GpioOptions.LongPressMs"/>).
/// </summary>
public sealed class Buttons : IDisposable
{
    private readonly GpioController _gpio;
    private readonly GpioOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<int, (Button Button, long? PressedAt, long LastEdge)> _pins = [];
    private readonly Lock _gate = new();

    public Buttons(GpioController gpio, GpioOptions options, TimeProvider time, ILogger logger)
    {
        _gpio = gpio;
        _options = options;
        _time = time;
        _logger = logger;
        foreach (
            (int? pin, Button button) in new[]
            {
                (options.AcceptButtonPin, Button.Accept),
                (options.RejectButtonPin, Button.Reject),
                (options.MuteButtonPin, Button.Mute),
            }
        )
        {
            if (pin is not { } p)
            {
                continue;
            }

            _gpio.OpenPin(p, options.ButtonsActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            _pins[p] = (button, null, long.MinValue / 2);
            _gpio.RegisterCallbackForPinValueChangedEvent(p, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        }
    }

    /// <summary>A press, on release: which button, and whether it was held long.</summary>
    public event Action<Button, bool>? Pressed;

    public void Dispose()
    {
        foreach (int pin in _pins.Keys)
        {
            _gpio.UnregisterCallbackForPinValueChangedEvent(pin, OnEdge);
        }
    }

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        long now = _time.GetTimestamp();
        bool down = (e.ChangeType == PinEventTypes.Falling) == _options.ButtonsActiveLow;
        (Button button, bool longPress)? press = null;
        lock (_gate)
        {
            if (!_pins.TryGetValue(e.PinNumber, out var state))
            {
                return;
            }

            if (_time.GetElapsedTime(state.LastEdge, now).TotalMilliseconds < _options.DebounceMs)
            {
                _pins[e.PinNumber] = state with { LastEdge = now };
                return;
            }

            if (down)
            {
                _pins[e.PinNumber] = state with { PressedAt = now, LastEdge = now };
            }
            else if (state.PressedAt is { } at)
            {
                double held = _time.GetElapsedTime(at, now).TotalMilliseconds;
                _pins[e.PinNumber] = state with { PressedAt = null, LastEdge = now };
                press = (state.Button, held >= _options.LongPressMs);
            }
        }

        if (press is { } p)
        {
            _logger.LogInformation("Button {Button}: {Kind} press", p.button, p.longPress ? "long" : "short");
            Pressed?.Invoke(p.button, p.longPress);
        }
    }
}
