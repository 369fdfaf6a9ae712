using EdgeAlpr.Contracts;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The unit's state as the platform's health message reports it (cameras, queues, outbox age, hot list, storage,
/// GPS, temperature), for the people at the unit: the console's status page asks this, not the uplink.
/// </summary>
public interface IUnitHealth
{
    /// <summary>The health as of now; built on each call.</summary>
    HealthMessage Current();
}
