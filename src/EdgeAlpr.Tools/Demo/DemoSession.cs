using System.Diagnostics;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.FileSystem;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// One run of the whole agent on embedded defaults, as the demo and the agent benchmark use it:
/// a store and hot list in a folder of its own, the in-process broker with the central side
/// subscribed, and the agent reading one source until it ends and the platform has everything.
/// </summary>
internal sealed class DemoSession
{
    public const string Agency = "DEMO";
    public const string Device = "demo-unit";

    /// <summary>Set once the agent's read path exists: for a progress display.</summary>
    public ReadPathService? Pipeline { get; private set; }

    /// <summary>Called with the demo's store, made and opened, before the agent opens it (the demo's people are added there).</summary>
    public Action<EvidenceStore>? PrepareStore { get; init; }

    /// <summary>More services for the agent (the demo's view of its web console).</summary>
    public Action<HostApplicationBuilder>? Configure { get; init; }

    /// <summary>
    /// Runs the agent with the session's settings and gives its exit code, in place of running it in this process
    /// (the benchmark's footprint run starts it as a process of its own); <see cref="Pipeline"/> then stays null.
    /// </summary>
    public Func<IReadOnlyDictionary<string, string?>, CancellationToken, Task<int>>? RunAgent { get; init; }

    /// <param name="folder">The demo's working folder (store, hot list, clip).</param>
    /// <param name="source">The clip, picture folder, device or stream the camera reads.</param>
    /// <param name="hotList">Plates put on the sample hot list.</param>
    /// <param name="sound">Whether alerts are played on the sound device.</param>
    /// <param name="logLevel">The agent's log level.</param>
    /// <param name="extra">Settings over the demo's (a throttled or dead link, for the benchmark).</param>
    /// <param name="received">Called with each message the central side receives: its kind and payload.</param>
    /// <param name="cancellationToken">Ends the run early.</param>
    public async Task<DemoOutcome> RunAsync(
        string folder,
        string source,
        IReadOnlyList<string> hotList,
        bool sound,
        LogLevel logLevel,
        IReadOnlyDictionary<string, string?> extra,
        Action<string, System.Text.Json.JsonElement>? received,
        CancellationToken cancellationToken
    )
    {
        Directory.CreateDirectory(folder);
        // The agent refuses a status folder others can write (a umask of 002 makes one): this one is its own.
        string statusFolder = Path.Combine(folder, "run");
        FolderPermissions.CreateOwnerOnly(statusFolder);
        await SampleHotListAsync(Path.Combine(folder, "hotlist"), hotList, cancellationToken).ConfigureAwait(false);
        string keyFile = Path.Combine(folder, "store.key");
        if (!File.Exists(keyFile))
        {
            StoreKey.Create(keyFile);
        }

        string storeDirectory = Path.Combine(folder, "store");
        if (PrepareStore is { } prepare)
        {
            await using EvidenceStore store = EvidenceStore.Open(
                new StoreOptions { Directory = storeDirectory, KeyFile = keyFile },
                StoreKey.FromFile(keyFile),
                TimeProvider.System,
                NullLogger.Instance,
                create: true
            );
            prepare(store);
        }

        await using DemoBroker broker = await DemoBroker.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var central = new CentralSide();
        if (received is not null)
        {
            central.Received += received;
        }

        await central.ConnectAsync(broker, "alpr", cancellationToken).ConfigureAwait(false);
        var overrides = new Dictionary<string, string?>
        {
            ["Agent:Profile"] = "demo",
            ["Agent:DeviceId"] = Device,
            ["Agent:StopWhenCamerasEnd"] = "true",
            ["Agent:StatusFile"] = Path.Combine(statusFolder, "status.json"),
            ["Agent:Cameras:0:Id"] = "demo-cam",
            ["Agent:Cameras:0:Source"] = source,
            ["Agent:Cameras:0:Retries"] = "3",
            ["Store:Directory"] = storeDirectory,
            ["Store:KeyFile"] = keyFile,
            ["HotList:Directory"] = Path.Combine(folder, "hotlist"),
            ["Uplink:Broker"] = broker.Url,
            ["Uplink:Agency"] = Agency,
            ["Uplink:DeviceId"] = Device,
            ["Uplink:HealthInterval"] = "00:00:05",
            ["Location:Receiver"] = "None",
            ["Location:FixedLatitude"] = "41.8781",
            ["Location:FixedLongitude"] = "-87.6298",
            ["Alerts:Audio:Enabled"] = sound ? "true" : "false",
            ["Gpio:Enabled"] = "false",
        };
        foreach ((string key, string? value) in extra)
        {
            overrides[key] = value;
        }

        long started = Stopwatch.GetTimestamp();
        int code = RunAgent is { } runAgent
            ? await runAgent(overrides, cancellationToken).ConfigureAwait(false)
            : await RunCommand
                .RunAsync(
                    null,
                    overrides,
                    logLevel,
                    builder =>
                    {
                        builder.Services.AddHostedService(sp => new DemoMonitor(sp.GetRequiredService<ReadPathService>(), p => Pipeline = p));
                        Configure?.Invoke(builder);
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);

        // The broker acknowledged everything; give its delivery to the central side a moment.
        long reads = Pipeline?.Counters.Reads ?? 0,
            hits = Pipeline?.Counters.Hits ?? 0;
        bool forwards = !extra.TryGetValue("Uplink:Broker", out string? other) || other == broker.Url;
        for (int i = 0; forwards && i < 50 && (central.Reads < reads || central.Hits < hits); i++)
        {
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        // An agent run elsewhere gives no counts: wait until the central side has heard nothing new for a moment.
        for (long heard = -1; RunAgent is not null && forwards && heard != central.Messages; )
        {
            heard = central.Messages;
            await Task.Delay(300, CancellationToken.None).ConfigureAwait(false);
        }

        return new DemoOutcome(
            code,
            Pipeline,
            central.Reads,
            central.Hits,
            central.Messages,
            [.. central.ReadPlates],
            central.HitLatencies(),
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            broker.Url
        );
    }

    private static async Task SampleHotListAsync(string directory, IReadOnlyList<string> plates, CancellationToken cancellationToken)
    {
        if (plates.Count == 0)
        {
            // Nothing to add (the footprint run lists its plates in the signed list it put there): the list is not loaded twice.
            return;
        }

        using var hotList = new HotListService(
            new HotListOptions { Directory = directory },
            // Local entries only, for the agent the demo then runs (which keeps the copy under its store key).
            HotListCopyKey.None("the demo's sample list keeps no copy"),
            TimeProvider.System,
            NullLogger<HotListService>.Instance
        );
        await hotList.LoadAsync(cancellationToken).ConfigureAwait(false);
        foreach (
            string plate in plates.Where(p =>
                hotList.Current.Hits([new Core.Recognition.PlateCandidate(p, 1f)], null, DateTimeOffset.UtcNow).Count == 0
            )
        )
        {
            await hotList
                .AddLocalAsync(
                    new HotListEntry
                    {
                        Plate = plate,
                        Category = HotListCategory.StolenVehicle,
                        Source = "LOCAL",
                        Reason = "edge-alpr demo: sample entry",
                        EnteredBy = "edge-alpr demo",
                        EnteredAt = DateTimeOffset.UtcNow,
                        Origin = HotListOrigin.Local,
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
    }
}

/// <summary>What a demo run did: the agent's exit code and read path, and what the central side received.</summary>
/// <param name="ExitCode">The agent's exit code.</param>
/// <param name="Pipeline">The agent's read path, once it existed.</param>
/// <param name="ReadsReceived">Reads the central side received.</param>
/// <param name="HitsReceived">Hits the central side received.</param>
/// <param name="Messages">All messages the central side received.</param>
/// <param name="PlatesReceived">The plates of the reads received.</param>
/// <param name="HitDeliveryMs">For each hit the central side received: from the hit's creation on the unit to its arrival.</param>
/// <param name="Seconds">How long the run took.</param>
/// <param name="Broker">The in-process broker's URL.</param>
internal sealed record DemoOutcome(
    int ExitCode,
    ReadPathService? Pipeline,
    int ReadsReceived,
    int HitsReceived,
    long Messages,
    IReadOnlyList<string> PlatesReceived,
    IReadOnlyList<double> HitDeliveryMs,
    double Seconds,
    string Broker
);
