using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Contracts.Wire;

// The parts of a read as every output and message writes them: `process` lines, `recognize` lines and the uplink.

public sealed record BoxRecord(double X1, double Y1, double X2, double Y2)
{
    public static BoxRecord From(BoundingBox b) =>
        new(WireJson.Round(b.X1, 1), WireJson.Round(b.Y1, 1), WireJson.Round(b.X2, 1), WireJson.Round(b.Y2, 1));
}

public sealed record RegionRecord(string Name, double Confidence)
{
    public static RegionRecord? From(RegionGuess? region) => region is null ? null : new(region.Name, WireJson.Round(region.Confidence));
}

public sealed record CandidateRecord(string Text, double Probability)
{
    public static List<CandidateRecord> From(IEnumerable<PlateCandidate> candidates) =>
        candidates.Select(c => new CandidateRecord(c.Text, WireJson.Round(c.Probability))).ToList();
}

public sealed record LocationRecord(double Latitude, double Longitude, string Source)
{
    public static LocationRecord? From(GeoPoint? at) => at is null ? null : new(at.Latitude, at.Longitude, at.Source);
}
