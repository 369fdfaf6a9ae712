using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Storage;

namespace EdgeAlpr.Integration.Tests;

/// <summary>Reads and hits put in a test's store the way the read path keeps them, for the CLI tests to search, decide and release.</summary>
internal static class KeptEvidence
{
    /// <summary>Two reads of real photo bytes (a crop and a context image each): <c>STL3N1</c>, a hit on a stolen vehicle, and <c>QRT772</c>.</summary>
    public static async Task<(PlateRead Stolen, PlateRead Other)> StolenAndOtherAsync(EvidenceStore store)
    {
        byte[] photo = await File.ReadAllBytesAsync(TestPaths.KnownImage);
        PlateRead stolen = Read("STL3N1", photo[..(photo.Length / 3)], photo);
        PlateRead other = Read("QRT772", photo[..(photo.Length / 4)], photo[..(photo.Length / 2)]);
        await store.Reads.StoreAsync(new ReadSubmission(stolen, [Hit("STL3N1", HotListCategory.StolenVehicle)]));
        await store.Reads.StoreAsync(new ReadSubmission(other, []));
        return (stolen, other);
    }

    /// <summary>An exact, sounding match of <paramref name="plate"/> on an NCIC entry of <paramref name="category"/>.</summary>
    public static HotListHit Hit(string plate, HotListCategory category) =>
        new(
            new HotListEntry
            {
                Plate = plate,
                State = "IL",
                Category = category,
                Source = "NCIC",
                RecordNumber = "V123456789",
            },
            MatchKind.Exact,
            0.98f,
            plate,
            0,
            90,
            true
        );

    /// <summary>A read of <paramref name="plate"/> captured now by unit-7's cam1, with a GPS fix and the images given.</summary>
    public static PlateRead Read(string plate, byte[] crop, byte[] scene)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam1",
            now,
            now,
            now,
            plate,
            0.97f,
            [new PlateCandidate(plate, 0.97f)],
            null,
            new BoundingBox(1, 2, 30, 12),
            3,
            new GeoPoint(41.88, -87.63, "gps"),
            new EvidenceImage(crop, "image/jpeg"),
            new EvidenceImage(scene, "image/jpeg")
        );
    }
}
