using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Console.Tests;

/// <summary>Reads (with their images' bytes) and hits kept in the harness's real store, for the officer's API.</summary>
internal static class OfficerData
{
    /// <summary>A read kept in the store, its hit when <paramref name="category"/> is given; returns the read and its images' bytes.</summary>
    public static async Task<(StoredReceipt Receipt, byte[] Crop, byte[] Scene)> KeepAsync(
        ConsoleHarness console,
        string plate,
        DateTimeOffset at,
        HotListCategory? category = null,
        int priority = 90
    )
    {
        byte[] crop = new byte[1500];
        byte[] scene = new byte[5000];
        Random.Shared.NextBytes(crop);
        Random.Shared.NextBytes(scene);
        var read = new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam-front",
            at,
            at.AddSeconds(-1),
            at,
            plate,
            0.91f,
            [new PlateCandidate(plate, 0.91f)],
            new RegionGuess("United States", 0.9f),
            new BoundingBox(10, 20, 110, 50),
            4,
            new GeoPoint(41.88, -87.63, "gps"),
            new EvidenceImage(crop, "image/jpeg"),
            new EvidenceImage(scene, "image/png")
        );
        HotListHit[] hits = category is { } c ? [Hit(plate, c, priority)] : [];
        StoredReceipt receipt = await console.Store.Reads.StoreAsync(new ReadSubmission(read, hits));
        return (receipt, crop, scene);
    }

    private static HotListHit Hit(string plate, HotListCategory category, int priority) =>
        new(
            new HotListEntry
            {
                Plate = plate,
                State = "IL",
                Category = category,
                Source = "NCIC",
                RecordNumber = "V123456789",
                Reason = "stolen 2026-11-20",
                Vehicle = "2019 Honda Civic, blue",
            },
            MatchKind.Exact,
            1f,
            plate,
            0,
            priority,
            true
        );
}
