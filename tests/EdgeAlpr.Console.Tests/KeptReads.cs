using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Storage;

namespace EdgeAlpr.Console.Tests;

/// <summary>Reads kept in the harness's store as the read path keeps them, with a plate crop, a context image and, if asked, a hit.</summary>
internal static class KeptReads
{
    public static async Task<Guid> StoreAsync(EvidenceStore store, string plate, DateTimeOffset at, HotListCategory? hit = null)
    {
        var read = new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam1",
            at,
            at,
            at,
            plate,
            0.97f,
            [new PlateCandidate(plate, 0.97f)],
            null,
            new BoundingBox(1, 2, 30, 12),
            3,
            new GeoPoint(41.88, -87.63, "gps"),
            new EvidenceImage([0xFF, 0xD8, 0xFF, 1, 2, 3], "image/jpeg"),
            new EvidenceImage([0xFF, 0xD8, 0xFF, 4, 5, 6], "image/jpeg")
        );
        HotListHit[] hits = hit is { } category
            ?
            [
                new HotListHit(
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
                ),
            ]
            : [];
        await store.Reads.StoreAsync(new ReadSubmission(read, hits));
        return read.Id;
    }
}
