using EdgeAlpr.Core.Alerts;

namespace EdgeAlpr.Application.Ports;

/// <summary>The alert's tone and spoken announcement on the unit's speaker. Implemented by <c>EdgeAlpr.Alerts.Audio</c>.</summary>
public interface IAlertSound
{
    /// <summary>Composes and plays the alert's sound; cancelling cuts it short.</summary>
    Task PlayAsync(Alert alert, CancellationToken cancellationToken);
}
