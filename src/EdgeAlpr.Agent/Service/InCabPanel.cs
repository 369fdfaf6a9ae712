using System.Device.Gpio;
using System.Device.Pwm;
using EdgeAlpr.Agent.Hosting;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Agent.Service;

/// <summary>How the agent reaches the board's GPIO: the real board by default; the tests hand in a simulated driver.</summary>
public delegate GpioController GpioControllerFactory(GpioOptions options);

/// <summary>
/// The in-cab panel of a patrol unit, when <c>Gpio:Enabled</c>: LED, light bar and buzzer for
/// each alert, and the officer's accept and reject from the buttons recorded in the store. A
/// unit without the panel (or whose GPIO cannot be opened) alerts on the log and sound only.
/// </summary>
public sealed class InCabPanel : IDisposable
{
    private readonly GpioController? _controller;
    private readonly PwmChannel? _pwm;
    private readonly AlertHardware? _hardware;
    private readonly Buttons? _buttons;
    private readonly InCabAlerts? _alerts;
    private readonly ButtonDecisions? _decisions;

    public InCabPanel(GpioOptions options, GpioControllerFactory open, EvidenceStore store, TimeProvider time, ILogger<InCabPanel> logger)
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
            _decisions = new ButtonDecisions(_alerts, store, logger);
            logger.LogInformation("In-cab panel on {Board}: {Pins}", options.Board, string.Join(", ", options.Pins().Select(p => $"{p.Name} {p.Pin}")));
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            // The unit must still alert: on the log and in sound, with the problem said once.
            logger.LogError("GPIO: cannot drive the in-cab panel ({Reason}); alerts are logged and sounded only", ex.Message);
            Dispose();
        }
    }

    public bool Enabled => _alerts is not null;

    public Task RaiseAsync(Alert alert, CancellationToken cancellationToken) =>
        _alerts?.RaiseAsync(alert, cancellationToken) ?? Task.CompletedTask;

    public void Dispose()
    {
        _decisions?.Dispose();
        _alerts?.Dispose();
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
}
