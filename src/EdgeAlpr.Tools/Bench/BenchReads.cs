using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Tools.Bench;

/// <summary>Reads like those of a busy camera, for the benchmarks: five candidates, a location, and incompressible images unique per read.</summary>
internal static class BenchReads
{
    public static PlateRead Make(int index, int plateImageBytes, int contextImageBytes)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] plate = new byte[plateImageBytes];
        byte[] context = new byte[contextImageBytes];
        Random.Shared.NextBytes(plate);
        Random.Shared.NextBytes(context);
        string text = $"BEN{index % 10000:D4}";
        PlateCandidate[] candidates =
        [
            new(text, 0.91f),
            new("8EN" + text[3..], 0.04f),
            new(text[..6], 0.02f),
            new(text + "1", 0.01f),
            new("BFN" + text[3..], 0.01f),
        ];
        return new PlateRead(
            PlateRead.NewId(),
            "bench",
            $"cam{index % 4 + 1}",
            now,
            now.AddSeconds(-1.2),
            now,
            text,
            0.91f,
            candidates,
            new RegionGuess("United States", 0.97f),
            new BoundingBox(412, 300, 530, 338),
            6,
            new GeoPoint(41.8781, -87.6298, "gps"),
            new EvidenceImage(plate, "image/jpeg"),
            new EvidenceImage(context, "image/jpeg")
        )
        {
            Direction = "northbound",
        };
    }
}
