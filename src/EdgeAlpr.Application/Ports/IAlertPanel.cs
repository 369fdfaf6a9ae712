using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The in-cab panel of a patrol unit: LED, light bar and buzzer for each alert, and the officer's
/// accept or reject from its buttons. Implemented by <c>EdgeAlpr.Alerts.Gpio</c>; a unit without
/// one has a panel that is not <see cref="Enabled"/>.
/// </summary>
public interface IAlertPanel
{
    /// <summary>The officer accepted or rejected a hit with the buttons.</summary>
    event Action<HitDisposition>? Decided;

    /// <summary>Whether there is a panel to light.</summary>
    bool Enabled { get; }

    /// <summary>Shows the alert; a newer one replaces it.</summary>
    Task RaiseAsync(Alert alert, CancellationToken cancellationToken);
}
