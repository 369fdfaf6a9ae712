using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Location;

namespace EdgeAlpr.Contracts.Gps;

/// <summary>A fix as <c>edge-alpr gps</c> prints it.</summary>
public sealed record FixRecord(
    string Source,
    string Mode,
    double? Latitude,
    double? Longitude,
    double? AltitudeM,
    double? SpeedMps,
    double? HeadingDeg,
    DateTimeOffset? GpsTime,
    int? Quality,
    int? Satellites,
    double? Hdop,
    DateTimeOffset ReceivedAt,
    double AgeS,
    bool Stale,
    long Malformed
)
{
    public static FixRecord From(GpsFix fix, DateTimeOffset now, TimeSpan staleAfter, long malformed) =>
        new(
            fix.Source,
            FixModes.WireName(fix.Mode),
            fix.HasPosition ? Math.Round(fix.Latitude, 7) : null,
            fix.HasPosition ? Math.Round(fix.Longitude, 7) : null,
            fix.AltitudeM,
            fix.SpeedMps is { } s ? WireJson.Round(s, 2) : null,
            fix.HeadingDeg,
            fix.GpsTime,
            fix.Quality,
            fix.Satellites,
            fix.Hdop,
            fix.ReceivedAt,
            WireJson.Round((now - fix.ReceivedAt).TotalSeconds, 2),
            fix.IsStale(now, staleAfter),
            malformed
        );
}
