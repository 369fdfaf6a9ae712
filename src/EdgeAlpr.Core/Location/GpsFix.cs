using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Core.Location;

/// <summary>
/// Where the unit is, as a receiver reported it: position (WGS-84), and what came with it —
/// speed over ground, heading (true), the receiver's own (GPS) time, and how good the fix is.
/// <see cref="ReceivedAt"/> is the unit's clock when it arrived, for staleness.
/// </summary>
public sealed record GpsFix(double Latitude, double Longitude, FixMode Mode, DateTimeOffset ReceivedAt, string Source)
{
    public double? AltitudeM { get; init; }

    public double? SpeedMps { get; init; }

    /// <summary>Course over ground, degrees from true north.</summary>
    public double? HeadingDeg { get; init; }

    public DateTimeOffset? GpsTime { get; init; }

    /// <summary>NMEA GGA fix quality (1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, …) where the receiver gives it.</summary>
    public int? Quality { get; init; }

    public int? Satellites { get; init; }

    /// <summary>Horizontal dilution of precision; lower is better, above ~5 a position is rough.</summary>
    public double? Hdop { get; init; }

    public bool HasPosition => Mode >= FixMode.Fix2D;

    /// <summary>A fix older than <paramref name="staleAfter"/> must not stamp a read: the vehicle has moved on.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter) => now - ReceivedAt > staleAfter;

    public GeoPoint ToGeoPoint() => new(Latitude, Longitude, Source);
}

public enum FixMode
{
    NoFix = 1,
    Fix2D = 2,
    Fix3D = 3,
}

public static class FixModes
{
    /// <summary>As printed and sent: "3d", "2d" or "none".</summary>
    public static string WireName(FixMode mode) =>
        mode switch
        {
            FixMode.Fix3D => "3d",
            FixMode.Fix2D => "2d",
            _ => "none",
        };
}
