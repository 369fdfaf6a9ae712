using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Application.Ports;

/// <summary>Where the unit is: a fixed point, or the GPS receiver's fresh fix. Implemented by <c>EdgeAlpr.Location.Gps</c>.</summary>
public interface ILocationSource
{
    /// <summary>Reads that went unstamped because the fix was missing or stale.</summary>
    long StaleReads { get; }

    /// <summary>The position for a read made now, or null when there is none worth recording.</summary>
    GeoPoint? ForRead();

    /// <summary>Runs the receiver, if there is one, until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
