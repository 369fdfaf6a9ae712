using EdgeAlpr.Contracts;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The unit's state as the platform's health message reports it (cameras, queues, outbox age, hot list, storage,
/// GPS, temperature), for the people at the unit: the console's status page and the agent's Prometheus metrics ask
/// this, not the uplink.
/// </summary>
public interface IUnitHealth
{
    /// <summary>The health as of now; built on each call.</summary>
    HealthMessage Current();
}
