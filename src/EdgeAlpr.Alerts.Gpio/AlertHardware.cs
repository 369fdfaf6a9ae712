using System.Device.Gpio;
using System.Device.Pwm;
using EdgeAlpr.Core.Alerts;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Alerts.Gpio;

/// <summary>
/// The alert outputs: the RGB status LED (solid or flashing), the relay of a light bar or strobe,
/// and the buzzer playing the alert level's pattern — switched on and off for an active buzzer,
/// or at each tone's frequency through PWM for a passive piezo. One alert shows at a time; a new
/// one replaces it.
/// </summary>
public sealed class AlertHardware : IDisposable
{
    private readonly GpioController _gpio;
    private readonly GpioOptions _options;
    private readonly PwmChannel? _pwm;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _blinking;

    /// <summary>
    /// Opens the board's pins, shows <paramref name="alert"/> for <paramref name="hold"/> as a real hit
    /// would, then clears and closes them (<c>edge-alpr alert test</c> on a unit with in-cab hardware).
    /// </summary>
    /// <param name="options">The wiring.</param>
    /// <param name="alert">What to show.</param>
    /// <param name="hold">How long it shows.</param>
    /// <param name="logger">Where problems with a pin are logged.</param>
    /// <param name="cancellationToken">Cuts it short.</param>
    public static async Task SignalOnceAsync(GpioOptions options, Alert alert, TimeSpan hold, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using GpioController controller = BoardGpio.Open(options);
        using var hardware = new AlertHardware(controller, options, BoardGpio.OpenPwm(options), TimeProvider.System, logger);
        await hardware.SignalAsync(alert, cancellationToken).ConfigureAwait(false);
        await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
        hardware.Clear();
    }

    public AlertHardware(GpioController gpio, GpioOptions options, PwmChannel? pwm, TimeProvider time, ILogger logger)
    {
        _gpio = gpio;
        _options = options;
        _pwm = pwm;
        _time = time;
        _logger = logger;
        foreach (int? pin in new[] { options.LedRedPin, options.LedGreenPin, options.LedBluePin })
        {
            Open(pin, options.LedActiveLow);
        }

        Open(options.RelayPin, options.RelayActiveLow);
        if (options.Buzzer == BuzzerKind.Active)
        {
            Open(options.BuzzerPin, activeLow: false);
        }
    }

    /// <summary>LED and relay for the alert, then its tone on the buzzer when it is audible; returns when the tone has played.</summary>
    public async Task SignalAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ShowLed(alert.Led);
        Set(_options.RelayPin, alert.Relay, _options.RelayActiveLow);
        if (alert.Audible)
        {
            await BuzzAsync(alert.Tone, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Plays a tone pattern on the buzzer (a repeat of an unacknowledged alert).</summary>
    public async Task BuzzAsync(TonePattern tone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tone);
        if (_options.BuzzerPin is null && _pwm is null)
        {
            return;
        }

        try
        {
            foreach (ToneStep step in tone.Steps)
            {
                BuzzerOn(step.FrequencyHz);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(step.DurationMs), _time, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    BuzzerOff();
                }

                if (step.GapMs > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(step.GapMs), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Acknowledged or muted mid-tone: the buzzer is already off.
        }
    }

    /// <summary>Everything off: the alert was dealt with.</summary>
    public void Clear()
    {
        StopBlinking();
        SetLed(new LedSignal(LedColour.Off, LedPattern.Solid).Channels);
        Set(_options.RelayPin, false, _options.RelayActiveLow);
        BuzzerOff();
    }

    public void Dispose()
    {
        Clear();
        _pwm?.Dispose();
    }

    private void ShowLed(LedSignal led)
    {
        StopBlinking();
        SetLed(led.Channels);
        if (led.HalfPeriodMs == 0 || led.Colour == LedColour.Off)
        {
            return;
        }

        var blinking = new CancellationTokenSource();
        lock (_gate)
        {
            _blinking = blinking;
        }

        _ = BlinkAsync(led, blinking.Token);
    }

    private async Task BlinkAsync(LedSignal led, CancellationToken cancellationToken)
    {
        var off = new LedSignal(LedColour.Off, LedPattern.Solid).Channels;
        bool lit = true;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(led.HalfPeriodMs), _time, cancellationToken).ConfigureAwait(false);
                lit = !lit;
                lock (_gate)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    SetLed(lit ? led.Channels : off);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A new alert or Clear took over the LED.
        }
    }

    private void StopBlinking()
    {
        lock (_gate)
        {
            _blinking?.Cancel();
            _blinking?.Dispose();
            _blinking = null;
        }
    }

    private void SetLed((bool Red, bool Green, bool Blue) channels)
    {
        Set(_options.LedRedPin, channels.Red, _options.LedActiveLow);
        Set(_options.LedGreenPin, channels.Green, _options.LedActiveLow);
        Set(_options.LedBluePin, channels.Blue, _options.LedActiveLow);
    }

    private void BuzzerOn(double hz)
    {
        if (_pwm is not null)
        {
            _pwm.Frequency = (int)Math.Round(hz);
            _pwm.DutyCycle = 0.5;
            _pwm.Start();
        }
        else
        {
            Set(_options.BuzzerPin, true, activeLow: false);
        }
    }

    private void BuzzerOff()
    {
        if (_pwm is not null)
        {
            _pwm.Stop();
        }
        else
        {
            Set(_options.BuzzerPin, false, activeLow: false);
        }
    }

    private void Open(int? pin, bool activeLow)
    {
        if (pin is { } p)
        {
            _gpio.OpenPin(p, PinMode.Output, activeLow ? PinValue.High : PinValue.Low);
            _logger.LogDebug("GPIO: pin {Pin} is an output", p);
        }
    }

    private void Set(int? pin, bool on, bool activeLow)
    {
        if (pin is { } p)
        {
            _gpio.Write(p, on != activeLow ? PinValue.High : PinValue.Low);
        }
    }
}
