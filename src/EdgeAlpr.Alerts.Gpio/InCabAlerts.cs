using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Alerts.Gpio;

/// <summary>
/// The in-cab panel's behaviour: an alert lights the LED, switches the light bar and sounds;
/// one that must be acknowledged sounds again every <see cref="GpioOptions.RepeatSeconds"/> until
/// a button is pressed. A short press of any button acknowledges (silences); a long press of
/// mute silences every alert for <see cref="GpioOptions.MuteMinutes"/>; a long press of accept
/// or reject records the officer's decision on the hit on screen.
/// </summary>
public sealed class InCabAlerts : IAlertPanel, IDisposable
{
    private readonly AlertHardware _hardware;
    private readonly Buttons? _buttons;
    private readonly GpioOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Alert? _current;
    private CancellationTokenSource? _sounding;
    private DateTimeOffset _mutedUntil = DateTimeOffset.MinValue;

    public InCabAlerts(AlertHardware hardware, Buttons? buttons, GpioOptions options, TimeProvider time, ILogger logger)
    {
        _hardware = hardware;
        _buttons = buttons;
        _options = options;
        _time = time;
        _logger = logger;
        if (buttons is not null)
        {
            buttons.Pressed += OnPressed;
        }
    }

    /// <summary>An accept or reject from the buttons, to be stored, audited and forwarded.</summary>
    public event Action<HitDisposition>? Decided;

    public Alert? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Always: this is a panel on the board.</summary>
    public bool Enabled => true;

    public bool Muted => _time.GetUtcNow() < _mutedUntil;

    public async Task RaiseAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (Muted && alert.Audible)
        {
            alert = alert with { Audible = false, Spoken = false };
        }

        CancellationTokenSource sounding;
        lock (_gate)
        {
            StopSounding();
            _current = alert;
            sounding = _sounding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        await _hardware.SignalAsync(alert, sounding.Token).ConfigureAwait(false);
        if (alert.RepeatUntilAcknowledged && alert.Audible)
        {
            _ = RepeatAsync(alert, sounding.Token);
        }
    }

    /// <summary>Silences the current alert; its LED stays until it is decided or cleared.</summary>
    public void Acknowledge()
    {
        lock (_gate)
        {
            StopSounding();
        }
    }

    public void Dispose()
    {
        if (_buttons is not null)
        {
            _buttons.Pressed -= OnPressed;
        }

        Acknowledge();
    }

    private async Task RepeatAsync(Alert alert, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.RepeatSeconds), _time, cancellationToken).ConfigureAwait(false);
                await _hardware.BuzzAsync(alert.Tone, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Acknowledged.
        }
    }

    private void OnPressed(Button button, bool longPress)
    {
        Alert? current = Current;
        if (button == Button.Mute && longPress)
        {
            _mutedUntil = _time.GetUtcNow().AddMinutes(_options.MuteMinutes);
            _logger.LogWarning("Alerts muted for {Minutes} minutes from the in-cab button; LED and screen still alert", _options.MuteMinutes);
            Acknowledge();
            return;
        }

        if (!longPress || button == Button.Mute || current?.HitId is not { } hitId)
        {
            Acknowledge();
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        HitDisposition decision =
            button == Button.Accept
                ? new HitDisposition(
                    hitId,
                    HitDecision.Accepted,
                    "in-cab button",
                    _options.AcceptVerifiedWith,
                    "accepted with the in-cab button",
                    now
                )
                : new HitDisposition(hitId, HitDecision.Rejected, "in-cab button", null, "rejected with the in-cab button; no reason given", now)
                {
                    Reason = RejectReason.Other,
                };
        lock (_gate)
        {
            StopSounding();
            _current = null;
        }

        _hardware.Clear();
        Decided?.Invoke(decision);
    }

    private void StopSounding()
    {
        _sounding?.Cancel();
        _sounding?.Dispose();
        _sounding = null;
    }
}
