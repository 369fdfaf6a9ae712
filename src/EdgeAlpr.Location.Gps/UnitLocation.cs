using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Location;
using EdgeAlpr.Core.Reads;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Location;

/// <summary>
/// The position every read is stamped with: the configured point of a fixed camera or trailer,
/// else the receiver's fix while it is fresh. A fixed unit that also has a receiver is watched
/// for having been moved (a trailer towed to a new site without its point being updated).
/// </summary>
public sealed class UnitLocation : ILocationSource
{
    private readonly LocationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _movedReported;
    private long _staleReads;

    public UnitLocation(LocationOptions options, IGpsSource? receiver, TimeProvider time, ILogger logger)
    {
        _options = options;
        Receiver = receiver;
        _time = time;
        _logger = logger;
        if (receiver is not null && options.HasFixedPoint)
        {
            receiver.FixReceived += CheckMoved;
        }
    }

    public IGpsSource? Receiver { get; }

    /// <summary>Reads that went unstamped because the fix was missing or stale.</summary>
    public long StaleReads => Interlocked.Read(ref _staleReads);

    /// <summary>How far the receiver puts a fixed unit from its configured point, when both are known.</summary>
    public double? MovedMeters { get; private set; }

    /// <summary>The position for a read made now, or null when there is none worth recording.</summary>
    public GeoPoint? ForRead()
    {
        if (_options.HasFixedPoint)
        {
            return new GeoPoint(_options.FixedLatitude!.Value, _options.FixedLongitude!.Value, "fixed");
        }

        if (Receiver?.Current is { HasPosition: true } fix && !fix.IsStale(_time.GetUtcNow(), _options.StaleAfter))
        {
            return fix.ToGeoPoint();
        }

        Interlocked.Increment(ref _staleReads);
        return null;
    }

    /// <summary>Runs the receiver, if there is one, until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Receiver?.RunAsync(cancellationToken) ?? Task.CompletedTask;

    private void CheckMoved(GpsFix fix)
    {
        if (!fix.HasPosition)
        {
            return;
        }

        double meters = GeoDistance.Meters(_options.FixedLatitude!.Value, _options.FixedLongitude!.Value, fix.Latitude, fix.Longitude);
        MovedMeters = meters;
        bool moved = meters > _options.MovedAlarmMeters;
        if (moved && !_movedReported)
        {
            _logger.LogError(
                "LOCATION: the receiver puts this unit {Meters:F0} m from its configured point ({Lat}, {Lon}); reads are still stamped with the configured point — update Location:FixedLatitude/FixedLongitude if it was moved",
                meters,
                _options.FixedLatitude,
                _options.FixedLongitude
            );
        }

        _movedReported = moved;
    }
}
