using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// A unit for the uplink tests: a real evidence store and hot list in a temporary folder, the platform's key
/// pair, and the uplink's options.
/// </summary>
public sealed class UplinkHarness : IAsyncDisposable
{
    public const string Agency = "il-chicago-pd";
    public const string Device = "unit-7";

    private UplinkHarness(
        string folder,
        EvidenceStore store,
        StoreKey storeKey,
        HotListService hotList,
        ECDsa platform,
        string publicKeyPath,
        UplinkOptions options
    )
    {
        Folder = folder;
        StoreKey = storeKey;
        Store = store;
        HotList = hotList;
        PlatformKey = platform;
        PublicKeyPath = publicKeyPath;
        Options = options;
    }

    public string Folder { get; }

    public EvidenceStore Store { get; }

    public StoreKey StoreKey { get; }

    public HotListService HotList { get; }

    public ECDsa PlatformKey { get; }

    public string PublicKeyPath { get; }

    public UplinkOptions Options { get; }

    public Topics Topics => new(Options.TopicPrefix, Options.Agency, Options.DeviceId);

    public static async Task<UplinkHarness> CreateAsync(
        string broker,
        Action<UplinkOptions>? configure = null,
        Action<HotListOptions>? configureHotList = null
    )
    {
        string folder = Directory.CreateTempSubdirectory("edge-alpr-uplink-test-").FullName;
        var platform = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string publicKey = Path.Combine(folder, "platform.pub.pem");
        await File.WriteAllTextAsync(publicKey, platform.ExportSubjectPublicKeyInfoPem());
        var hotListOptions = new HotListOptions
        {
            Directory = Path.Combine(folder, "hotlist"),
            PublicKeyPath = publicKey,
            Agency = Agency,
        };
        configureHotList?.Invoke(hotListOptions);
        var hotList = new HotListService(
            hotListOptions,
            HotListCopyKey.From(RandomNumberGenerator.GetBytes(HotListCopyKey.Length)),
            TimeProvider.System,
            NullLogger<HotListService>.Instance
        );
        await hotList.LoadAsync(CancellationToken.None);
        StoreKey storeKey = StoreKey.Generate();
        var store = EvidenceStore.Open(
            new StoreOptions
            {
                Directory = Path.Combine(folder, "store"),
                MinFreeMegabytes = 0,
                SyncParallelism = 4,
            },
            storeKey,
            TimeProvider.System,
            NullLogger.Instance
        );
        var options = new UplinkOptions
        {
            Broker = broker,
            Agency = Agency,
            DeviceId = Device,
            CommandPublicKeyPath = publicKey,
            ReconnectMin = TimeSpan.FromMilliseconds(200),
            ReconnectMax = TimeSpan.FromSeconds(2),
            AckFlushInterval = TimeSpan.FromMilliseconds(50),
            KeepAlive = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new UplinkHarness(folder, store, storeKey, hotList, platform, publicKey, options);
    }

    public UplinkService Service(UplinkOptions? options = null) =>
        new(Store, HotList, options ?? Options, TimeProvider.System, new FileTestLogger<UplinkService>());

    public static PlateRead Read(string plate, int imageBytes = 3000)
    {
        byte[] crop = RandomNumberGenerator.GetBytes(imageBytes);
        byte[] scene = RandomNumberGenerator.GetBytes(imageBytes * 3);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new PlateRead(
            PlateRead.NewId(),
            Device,
            "cam1",
            now,
            now.AddSeconds(-2),
            now,
            plate,
            0.93f,
            [new PlateCandidate(plate, 0.93f), new PlateCandidate(plate[..^1] + "8", 0.04f)],
            new RegionGuess("United States", 0.9f),
            new BoundingBox(10, 20, 110, 50),
            5,
            new GeoPoint(41.88, -87.63, "gps"),
            new EvidenceImage(crop, "image/jpeg"),
            new EvidenceImage(scene, "image/jpeg")
        );
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
                Vehicle = "2019 HOND CIV BLK",
            },
            MatchKind.Exact,
            1f,
            plate,
            0,
            90,
            true
        );

    /// <summary>Stores <paramref name="count"/> routine reads; returns their ids.</summary>
    public async Task<List<Guid>> StoreReadsAsync(int count, string prefix = "RD")
    {
        var reads = Enumerable.Range(0, count).Select(i => Read($"{prefix}{i:D5}")).ToList();
        await Task.WhenAll(reads.Select(r => Store.Reads.StoreAsync(new ReadSubmission(r, []))));
        return reads.Select(r => r.Id).ToList();
    }

    public async Task<StoredReceipt> StoreHitAsync(string plate)
    {
        return await Store.Reads.StoreAsync(new ReadSubmission(Read(plate), [Hit(plate)]));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        HotList.Dispose();
        PlatformKey.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
