using System.Device.Gpio;
using System.Device.Pwm;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Alerts.Gpio;

/// <summary>How the agent reaches the board's GPIO: the real board by default; the tests hand in a simulated driver.</summary>
public delegate GpioController GpioControllerFactory(GpioOptions options);

/// <summary>
/// The in-cab panel of a patrol unit, when <c>Gpio:Enabled</c>: LED, light bar and buzzer for
/// each alert, and the officer's accept and reject from the buttons. A unit without the panel
/// (or whose GPIO cannot be opened) alerts on the log and sound only: the panel is not
/// <see cref="Enabled"/> and raising on it does nothing.
/// </summary>
public sealed class GpioAlertPanel : IAlertPanel, IDisposable
{
    private readonly GpioController? _controller;
    private readonly PwmChannel? _pwm;
    private readonly AlertHardware? _hardware;
    private readonly Buttons? _buttons;
    private readonly InCabAlerts? _alerts;
    private int _disposed;

    public GpioAlertPanel(GpioOptions options, GpioControllerFactory open, TimeProvider time, ILogger<GpioAlertPanel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(open);
        if (!options.Enabled)
        {
            return;
        }

        try
        {
            _controller = open(options);
            _pwm = options.Buzzer == BuzzerKind.Pwm ? BoardGpio.OpenPwm(options) : null;
            _hardware = new AlertHardware(_controller, options, _pwm, time, logger);
            bool anyButton = options.AcceptButtonPin is not null || options.RejectButtonPin is not null || options.MuteButtonPin is not null;
            _buttons = anyButton ? new Buttons(_controller, options, time, logger) : null;
            _alerts = new InCabAlerts(_hardware, _buttons, options, time, logger);
            _alerts.Decided += OnDecided;
            logger.LogInformation(
                "In-cab panel on {Board}: {Pins}",
                options.Board,
                string.Join(", ", options.Pins().Select(p => $"{p.Name} {p.Pin}"))
            );
        }
        catch (Exception ex)
            when (ex is PlatformNotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // The unit must still alert: on the log and in sound, with the problem said once.
            logger.LogError("GPIO: cannot drive the in-cab panel ({Reason}); alerts are logged and sounded only", ex.Message);
            Dispose();
        }
    }

    public event Action<HitDisposition>? Decided;

    public bool Enabled => _alerts is not null;

    public Task RaiseAsync(Alert alert, CancellationToken cancellationToken) => _alerts?.RaiseAsync(alert, cancellationToken) ?? Task.CompletedTask;

    public void Dispose()
    {
        // Idempotent: the host's container may reach it through more than one registration (its ports).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_alerts is not null)
        {
            _alerts.Decided -= OnDecided;
            _alerts.Dispose();
        }

        _buttons?.Dispose();
        if (_hardware is not null)
        {
            _hardware.Dispose(); // and its PWM channel
        }
        else
        {
            _pwm?.Dispose();
        }

        _controller?.Dispose();
    }

    private void OnDecided(HitDisposition decision) => Decided?.Invoke(decision);
}
