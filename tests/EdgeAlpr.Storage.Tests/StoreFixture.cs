using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Storage.Tests;

/// <summary>A store in a fresh temporary folder, and reads and hits to put in it.</summary>
internal sealed class StoreFixture : IDisposable
{
    public StoreFixture(string? directory = null)
    {
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("edge-alpr-store-test-").FullName;
        Options = new StoreOptions
        {
            Directory = Path.Combine(Directory, "store"),
            MinFreeMegabytes = 0,
            RetryInterval = TimeSpan.FromMilliseconds(200),
            SyncParallelism = 4,
        };
    }

    public string Directory { get; }

    public StoreOptions Options { get; }

    public StoreKey Key { get; } = StoreKey.Generate();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The sealed file of an image in this store.</summary>
    public string ImagePath(string sha256) => ImageFiles.PathOf(Options.Directory, Key, sha256);

    public EvidenceStore Open(StoreKey? key = null, TimeProvider? time = null) =>
        EvidenceStore.Open(Options, key ?? Key, time ?? Clock, NullLogger.Instance);

    public static PlateRead Read(string plate, DateTimeOffset at, int imageBytes = 4000, byte[]? sharedContext = null)
    {
        byte[] crop = new byte[imageBytes];
        Random.Shared.NextBytes(crop);
        byte[] context = sharedContext ?? new byte[imageBytes * 3];
        if (sharedContext is null)
        {
            Random.Shared.NextBytes(context);
        }

        return new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam1",
            at,
            at.AddSeconds(-2),
            at,
            plate,
            0.93f,
            [new PlateCandidate(plate, 0.93f), new PlateCandidate(plate[..^1] + "8", 0.04f)],
            new RegionGuess("United States", 0.9f),
            new BoundingBox(10, 20, 110, 50),
            5,
            new GeoPoint(41.88, -87.63, "gps"),
            new EvidenceImage(crop, "image/jpeg"),
            new EvidenceImage(context, "image/jpeg")
        )
        {
            Direction = "northbound",
        };
    }

    public static HotListHit Hit(string plate, HotListCategory category = HotListCategory.StolenVehicle) =>
        new(
            new HotListEntry
            {
                Plate = plate,
                State = "IL",
                Category = category,
                Source = "NCIC",
                RecordNumber = "V123456789",
                Reason = "stolen 2026-11-20",
            },
            MatchKind.Exact,
            1f,
            plate,
            0,
            90,
            true
        );

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A test that mounted a file system here cleans up itself; leftovers go with the temp folder.
        }
    }
}
