namespace EdgeAlpr.Core.Reads;

/// <summary>Where a read was made (WGS-84), and where the position came from (e.g. "fixed", "gps").</summary>
public sealed record GeoPoint(double Latitude, double Longitude, string Source)
{
    public IReadOnlyList<string> Validate() =>
        (Latitude is >= -90 and <= 90 ? [] : new[] { $"latitude must be between -90 and 90, got {Latitude}" })
            .Concat(Longitude is >= -180 and <= 180 ? [] : [$"longitude must be between -180 and 180, got {Longitude}"])
            .ToList();
}
