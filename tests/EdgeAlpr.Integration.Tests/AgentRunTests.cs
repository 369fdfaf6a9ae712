using System.Device.Gpio;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using EdgeAlpr.Synthesis;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.TestKit.Gpio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>A synthetic clip of four vehicles shared by the agent's end-to-end tests, with two of its plates on the hot list.</summary>
public sealed class AgentClipFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public AgentClipFixture()
    {
        Clip = _dir.File("clip.mp4");
        Truth = new TrafficClipRenderer().Render(Clip, plates: 4, seed: 3, CancellationToken.None);
        Listed = [Truth.Plates[1].Text, Truth.Plates[3].Text];
    }

    public string Clip { get; }

    public SyntheticTruth Truth { get; }

    /// <summary>On the hot list: the first as stolen, the second as an AMBER alert.</summary>
    public IReadOnlyList<string> Listed { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// <c>edge-alpr run</c> from end to end on a clip against Debian's Mosquitto, with mosquitto_sub as
/// the platform: hits reach the hit topic before their reads, alerts fire on a simulated in-cab
/// panel and ALSA's file device, the store holds everything; SIGTERM mid-run exits cleanly and a
/// restart forwards what was left.
/// </summary>
/// <remarks>
/// In the engine tests' collection, so they do not run beside them: each of these runs a whole
/// agent (in this process or a child) and the two cores are then the agent's. Once, with both
/// running at once, the engine tests' tracker saw no plate: its panning frames were shifted by a
/// matrix with three entries never set, uninitialised memory (issue 22; fixed in TrackingTests).
/// </remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(EngineCollection.Name)]
public sealed class AgentRunTests(AgentClipFixture clip) : IClassFixture<AgentClipFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string KeyFile
    {
        get
        {
            string path = _dir.File("store.key");
            if (!File.Exists(path))
            {
                StoreKey.Create(path);
            }

            return path;
        }
    }

    [Fact]
    public async Task Run_alerts_on_the_panel_forwards_hits_before_their_reads_and_keeps_everything()
    {
        await ListAsync();
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        int metricsPort = FreePort.Next();
        string config = WriteConfig(
            broker,
            stopWhenEnded: true,
            new Dictionary<string, object?>
            {
                ["Agent"] = new Dictionary<string, object?> { ["MetricsPort"] = metricsPort },
                ["Gpio"] = new Dictionary<string, object?>
                {
                    ["Enabled"] = true,
                    ["BuzzerPin"] = 18,
                    ["LedRedPin"] = 17,
                    ["LedGreenPin"] = 27,
                    ["LedBluePin"] = 22,
                    ["RelayPin"] = 23,
                    ["AcceptButtonPin"] = 5,
                },
                ["Alerts"] = new Dictionary<string, object?>
                {
                    ["Audio"] = new Dictionary<string, object?> { ["Enabled"] = true, ["Device"] = $"file:FILE={_dir.File("cab.wav")},FORMAT=wav" },
                },
            }
        );
        var driver = new SimulatedGpioDriver();
        GpioControllerFactory simulated = _ => new GpioController(driver);
        string? scraped = null;
        using var scrape = new CancellationTokenSource();
        Task scraping = ScrapeAsync(metricsPort, text => scraped = text, scrape.Token);
        int code;
        try
        {
            code = await RunCommand.RunAsync(
                config,
                new Dictionary<string, string?>(),
                LogLevel.Warning,
                b => b.Services.AddSingleton(simulated),
                CancellationToken.None
            );
        }
        finally
        {
            await scrape.CancelAsync();
            await scraping;
        }

        Assert.Equal(0, code);
        var got = await platform.WaitForAsync(
            m =>
                m.Count(x => x.Topic.EndsWith("/hit", StringComparison.Ordinal)) >= 2
                && m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Json.GetProperty("state").GetString() == "offline"),
            TimeSpan.FromSeconds(30),
            "two hits and the goodbye"
        );
        List<MosquittoSubscriber.Received> reads = [.. got.Where(x => x.Topic == "alpr/IL0000000/unit-7/read")];
        List<MosquittoSubscriber.Received> hits = [.. got.Where(x => x.Topic == "alpr/IL0000000/unit-7/hit")];
        Assert.Equal(clip.Truth.Plates.Count, reads.Count);
        Assert.Equal(2, hits.Count);
        foreach (MosquittoSubscriber.Received hit in hits)
        {
            // The officer's platform hears of the hit before the read it was made on.
            Guid readId = hit.Json.GetProperty("read_id").GetGuid();
            int hitAt = IndexOf(got, hit);
            int readAt = got.ToList()
                .FindIndex(x => x.Topic.EndsWith("/read", StringComparison.Ordinal) && x.Json.GetProperty("id").GetGuid() == readId);
            Assert.True(readAt > hitAt, $"the read of hit {hit.Json.GetProperty("id")} came at {readAt}, before its hit at {hitAt}");
            Assert.Contains("verify it through LEADS/NCIC", hit.Json.GetProperty("hit").GetProperty("verify").GetString(), StringComparison.Ordinal);
            Assert.Contains(hit.Json.GetProperty("hit").GetProperty("plate").GetString(), clip.Listed);
        }

        // Both alerts lit the red LED and sounded the buzzer on the simulated board, and sounded through ALSA.
        Assert.Contains(PinValue.High, driver.On(17));
        Assert.Contains(PinValue.High, driver.On(18));
        Assert.True(
            new FileInfo(_dir.File("cab.wav")).Length > 16_000 * 2,
            "the alert sound (tone and announcement) was not played to the ALSA file device"
        );

        await using (EvidenceStore store = OpenStore())
        {
            StoreStats stats = store.Administration.Stats();
            Assert.Equal(reads.Count, stats.Reads);
            Assert.Equal(2, stats.Hits);
            AssertOnlyThisOpeningQueued(store);
            Assert.Equal(2, store.AuditLog.AuditTrail("alert_raised").Count);

            // The run is in the audit trail from its settings on, and the chain holds.
            Assert.Single(store.AuditLog.AuditTrail("settings_recorded"));
            Assert.Single(store.AuditLog.AuditTrail("hotlist_in_use"));
            Assert.Equal(2, store.AuditLog.AuditTrail("hit_recorded").Count);
            Assert.Equal("audit_checkpoint", store.AuditLog.AuditTrail()[^2].Action);
            Assert.True(store.AuditLog.VerifyAudit().Ok);
        }

        Assert.NotNull(scraped);
        Assert.Contains("edgealpr_camera_fps{camera=\"cam1\",stage=\"processed\"}", scraped, StringComparison.Ordinal);
        Assert.Contains("edgealpr_uplink_connected 1", scraped, StringComparison.Ordinal);
        Assert.Contains($"edgealpr_camera_reads_total{{camera=\"cam1\"}} {reads.Count}", scraped, StringComparison.Ordinal);
        ProcessResult lint = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: scraped, timeout: TimeSpan.FromSeconds(30));
        Assert.True(lint.ExitCode == 0, lint.Stdout + lint.Stderr);

        // The agent has stopped: status says so (exit 1) and shows its last report.
        CliRunner.Result status = await CliRunner.RunAsync("status", "--status-file", _dir.File("status.json"), "--json");
        Assert.Equal(1, status.ExitCode);
        JsonElement last = JsonDocument.Parse(status.StdoutLines[^1]).RootElement;
        Assert.Equal("stopping", last.GetProperty("state").GetString());
        Assert.False(last.GetProperty("running").GetBoolean());
        JsonElement agent = last.GetProperty("health").GetProperty("agent");
        Assert.Equal(reads.Count, agent.GetProperty("counters").GetProperty("reads").GetInt32());
        Assert.Equal("ended", agent.GetProperty("cameras")[0].GetProperty("state").GetString());
        Assert.True(agent.GetProperty("disk").GetProperty("database_bytes").GetInt64() > 0);
        Assert.Equal("fixed", agent.GetProperty("gps").GetProperty("source").GetString());
        Assert.Equal(BuildIdentity.Current.Version, last.GetProperty("health").GetProperty("agent_version").GetString());
        Assert.Equal(BuildIdentity.Current.Commit, last.GetProperty("health").GetProperty("agent_commit").GetString());
        CliRunner.Result table = await CliRunner.RunAsync("status", "--status-file", _dir.File("status.json"));
        // The table is 80 columns wide when redirected: the commit, one word, stays on the build's line.
        Assert.Contains(table.StdoutLines, l =>
            l.Contains("build", StringComparison.Ordinal) && l.Contains(BuildIdentity.Current.Commit, StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Sigterm_mid_run_exits_cleanly_and_a_restart_forwards_what_was_left()
    {
        await ListAsync();
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        using var platformKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(_dir.File("platform.pub.pem"), platformKey.ExportSubjectPublicKeyInfoPem());
        var signedLists = new Dictionary<string, object?>
        {
            ["HotList"] = new Dictionary<string, object?> { ["Directory"] = _dir.File("hotlist"), ["PublicKeyPath"] = _dir.File("platform.pub.pem") },
        };
        string config = WriteConfig(broker, stopWhenEnded: false, signedLists);

        string socketPath = _dir.File("notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var notices = new List<string>();
        Task listening = ListenAsync(notify, notices);

        using (Process agent = Start(config, new() { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" }, out Task<string> stderr))
        {
            var seen = await platform.WaitForAsync(
                m => m.Any(x => x.Topic.EndsWith("/read", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(90),
                "the first read"
            );
            lock (notices)
            {
                Assert.Contains("READY=1", notices);
            }

            // The platform lists the car just read (an AMBER alert issued after it passed): the
            // running agent finds it among its kept reads and sends the hit, with that read.
            JsonElement firstRead = seen.First(x => x.Topic.EndsWith("/read", StringComparison.Ordinal)).Json;
            Guid firstId = firstRead.GetProperty("id").GetGuid();
            string listed = $"plate,state,category,source\n{firstRead.GetProperty("plate").GetString()},IL,amber_alert,NCIC\n";
            await File.WriteAllBytesAsync(
                _dir.File("v1.hotlist"),
                SignedUpdate.Create(UpdateKind.Full, "IL0000000", 1, null, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(listed), platformKey)
            );
            await ProcessRunner.RunCheckedAsync(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-V",
                "mqttv5",
                "-q",
                "1",
                "-r",
                "-t",
                "alpr/IL0000000/hotlist/full",
                "-f",
                _dir.File("v1.hotlist")
            );

            var retro = await platform.WaitForAsync(
                m =>
                    m.Any(x =>
                        x.Topic.EndsWith("/hit", StringComparison.Ordinal)
                        && x.Json.GetProperty("read_id").GetGuid() == firstId
                        && x.Json.GetProperty("hit").TryGetProperty("retroactive", out _)
                    ),
                TimeSpan.FromSeconds(30),
                "the hit on the earlier read"
            );
            JsonElement pastHit = retro
                .First(x => x.Topic.EndsWith("/hit", StringComparison.Ordinal) && x.Json.GetProperty("read_id").GetGuid() == firstId)
                .Json;
            Assert.Equal("amber_alert", pastHit.GetProperty("hit").GetProperty("category").GetString());

            ProcessRunner.Terminate(agent);

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            await agent.WaitForExitAsync(deadline.Token);
            Assert.True(agent.ExitCode == 0, await stderr);
        }

        var first = await platform.WaitForAsync(
            m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Json.GetProperty("state").GetString() == "offline"),
            TimeSpan.FromSeconds(20),
            "offline"
        );
        Assert.Equal("shutdown", first.Last(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)).Json.GetProperty("reason").GetString());
        lock (notices)
        {
            Assert.Contains("WATCHDOG=1", notices);
            Assert.Contains("STOPPING=1", notices);
        }

        HashSet<Guid> storedFirst;
        int entriesInUse;
        await using (EvidenceStore store = OpenStore())
        {
            storedFirst = [.. store.Reads.Since(DateTimeOffset.MinValue).Select(r => r.ReadId)];
            entriesInUse = store.AuditLog.AuditTrail("hotlist_in_use").Last().Details["entries"]!.GetValue<int>();
        }

        Assert.NotEmpty(storedFirst);
        Assert.True(storedFirst.Count < clip.Truth.Plates.Count, $"the run had read all {storedFirst.Count} vehicles before SIGTERM");

        // Someone who can write the hot list's folder alters its fast-start copy: the restart rebuilds the list from
        // the signed files and records the refusal in the trail.
        byte[] copy = await File.ReadAllBytesAsync(Path.Combine(_dir.File("hotlist"), "snapshot.bin"));
        copy[copy.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(Path.Combine(_dir.File("hotlist"), "snapshot.bin"), copy);

        // Restarted on the same store: everything the first run kept reaches the platform.
        string again = WriteConfig(broker, stopWhenEnded: true, signedLists);
        using (Process agent = Start(again, [], out Task<string> stderr))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await agent.WaitForExitAsync(deadline.Token);
            Assert.True(agent.ExitCode == 0, await stderr);
        }

        var all = await platform.WaitForAsync(m => storedFirst.IsSubsetOf(ReadIds(m)), TimeSpan.FromSeconds(30), "every read of the first run");
        await using (EvidenceStore store = OpenStore())
        {
            StoredAuditEvent refused = Assert.Single(store.AuditLog.AuditTrail("hotlist_copy_refused"));
            Assert.Contains("HMAC does not verify", refused.Details["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            // The same list as before the restart: the trail records the list in use only when it changes.
            Assert.Equal(entriesInUse, store.AuditLog.AuditTrail("hotlist_in_use").Last().Details["entries"]!.GetValue<int>());
            AssertOnlyThisOpeningQueued(store);
            Assert.True(store.Administration.Stats().Reads >= storedFirst.Count + clip.Truth.Plates.Count - 1);
        }

        Assert.Equal(
            2,
            all.Count(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Json.GetProperty("state").GetString() == "offline")
        );
        notify.Close();
        await listening;
    }

    [Fact]
    public async Task Bad_settings_are_listed_one_per_line_and_nothing_starts()
    {
        string config = _dir.File("bad.json");
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["Agent"] = new Dictionary<string, object?>
                    {
                        ["Sate"] = "IL",
                        ["StatusFile"] = _dir.File("status.json"),
                        ["Cameras"] = new object[]
                        {
                            new Dictionary<string, object?> { ["Id"] = "cam1", ["Source"] = _dir.File("no-such-clip.mp4") },
                            new Dictionary<string, object?> { ["Id"] = "cam2", ["Source"] = "ftp://camera.local/live" },
                        },
                    },
                    ["Gpio"] = new Dictionary<string, object?> { ["Enabled"] = true, ["LedRedPin"] = 99 },
                    ["Store"] = new Dictionary<string, object?>
                    {
                        ["Directory"] = _dir.File("store"),
                        ["KeyFile"] = _dir.File("missing.key"),
                        ["MinFreeMegabyte"] = 0,
                    },
                    ["HotList"] = new Dictionary<string, object?> { ["Directory"] = _dir.File("hotlist") },
                    // Misspelt, so no broker is configured: the unit would have run without its uplink, no word said.
                    ["Uplink"] = new Dictionary<string, object?> { ["Brokr"] = "mqtts://platform.example.gov" },
                    ["Alerts"] = new Dictionary<string, object?> { ["Audio"] = new Dictionary<string, object?> { ["Enabld"] = false } },
                }
            )
        );
        CliRunner.Result result = await CliRunner.RunAsync("run", "--config", config);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration error: Agent:Sate is not a setting", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("configuration error: Agent:Cameras:0:Source", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown camera source scheme 'ftp'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("configuration error: Gpio:LedRedPin 99", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("configuration error: Uplink:Brokr is not a setting: did you mean Uplink:Broker?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "configuration error: Store:MinFreeMegabyte is not a setting: did you mean Store:MinFreeMegabytes?",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "configuration error: Alerts:Audio:Enabld is not a setting: did you mean Alerts:Audio:Enabled?",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.False(File.Exists(_dir.File("status.json")));

        // Settings right, key file missing: the store refuses to open and nothing runs.
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["Agent"] = new Dictionary<string, object?>
                    {
                        ["StatusFile"] = _dir.File("status.json"),
                        ["Cameras"] = new object[]
                        {
                            new Dictionary<string, object?> { ["Id"] = "cam1", ["Source"] = clip.Clip },
                        },
                    },
                    ["Store"] = new Dictionary<string, object?>
                    {
                        ["Directory"] = _dir.File("store"),
                        ["KeyFile"] = _dir.File("missing.key"),
                        ["KeyVariable"] = "EDGEALPR_UNUSED_IN_THIS_TEST",
                    },
                    ["HotList"] = new Dictionary<string, object?> { ["Directory"] = _dir.File("hotlist") },
                }
            )
        );
        CliRunner.Result noKey = await CliRunner.RunAsync("run", "--config", config);
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("edge-alpr: store: store key file", noKey.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", noKey.Stderr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(_dir.File("broken.json"), "{\"Agent\": {\"Cameras\": [ }");
        CliRunner.Result broken = await CliRunner.RunAsync("run", "--config", _dir.File("broken.json"));
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("'}' is an invalid start of a value. LineNumber: 0", broken.Stderr, StringComparison.Ordinal);

        CliRunner.Result missing = await CliRunner.RunAsync("run", "--config", _dir.File("nope.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.json does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsafe_permissions_are_refused_one_per_line_with_the_fix_and_nothing_starts()
    {
        // What a careless copy leaves: settings anyone can edit, a store anyone can look into, a key anyone can read, a hot list anyone can change.
        string store = _dir.File("store");
        string hotList = _dir.File("hotlist");
        string key = _dir.File("loose.key");
        Directory.CreateDirectory(store);
        File.SetUnixFileMode(store, Mode("755"));
        Directory.CreateDirectory(hotList);
        File.SetUnixFileMode(hotList, Mode("777"));
        File.WriteAllText(key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        File.SetUnixFileMode(key, Mode("644"));
        string config = _dir.File("unit.json");
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["Agent"] = new Dictionary<string, object?>
                    {
                        ["StatusFile"] = _dir.File("status.json"),
                        ["Cameras"] = new object[]
                        {
                            new Dictionary<string, object?> { ["Id"] = "cam1", ["Source"] = clip.Clip },
                        },
                    },
                    ["Store"] = new Dictionary<string, object?>
                    {
                        ["Directory"] = store,
                        ["KeyFile"] = key,
                        ["KeyVariable"] = "EDGEALPR_UNUSED_IN_THIS_TEST",
                    },
                    ["HotList"] = new Dictionary<string, object?> { ["Directory"] = hotList },
                }
            )
        );
        File.SetUnixFileMode(config, Mode("666"));

        CliRunner.Result result = await CliRunner.RunAsync("run", "--config", config);
        Assert.Equal(2, result.ExitCode);
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("edge-alpr: configuration error: ", l, StringComparison.Ordinal));
        Assert.Contains(
            $"the settings file {config} is writable by group or others (mode 666), so anyone could replace it; run 'chmod go-w {config}'",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"Store:Directory {store} is open to others (mode 755) and holds the evidence; run 'chmod 700 {store}'",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"Store:KeyFile: store key file {key} is open to group or others (mode 644); run 'chmod 600 {key}'",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"HotList:Directory {hotList} is writable by group or others (mode 777); run 'chmod go-w {hotList}'",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.False(File.Exists(_dir.File("status.json")));
        Assert.Empty(Directory.GetFiles(store));

        // A settings folder others can write is refused too; once each is fixed as told, the settings pass.
        string shared = _dir.File("shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, Mode("777"));
        string moved = Path.Combine(shared, "unit.json");
        File.Move(config, moved);
        Assert.Contains(
            $"the settings file's folder {shared} is writable by group or others (mode 777); run 'chmod go-w {shared}'",
            StartupProblems(moved),
            StringComparer.Ordinal
        );

        File.SetUnixFileMode(shared, Mode("750"));
        File.SetUnixFileMode(moved, Mode("640"));
        File.SetUnixFileMode(store, Mode("750"));
        File.SetUnixFileMode(hotList, Mode("755"));
        File.SetUnixFileMode(key, Mode("600"));
        Assert.Empty(StartupProblems(moved));
    }

    [Fact]
    public async Task Demo_needs_no_setup_and_ends_with_a_json_summary()
    {
        CliRunner.Result result = await CliRunner.RunAsync("demo", "--source", clip.Clip, "--hot", clip.Listed[0], "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement summary = JsonDocument.Parse(result.StdoutLines[^1]).RootElement;
        Assert.Equal(clip.Truth.Frames, summary.GetProperty("frames").GetInt32());
        Assert.Equal(clip.Truth.Plates.Count, summary.GetProperty("reads").GetInt32());
        Assert.Equal(1, summary.GetProperty("hits").GetInt32());
        Assert.Equal(1, summary.GetProperty("alerts").GetInt32());
        Assert.Equal(clip.Truth.Plates.Count + 1, summary.GetProperty("delivered").GetInt32());
        Assert.Contains($"HIT  {clip.Listed[0]}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_agent_measures_alerts_apart_from_the_link()
    {
        CliRunner.Result result = await CliRunner.RunAsync("bench", "agent", "--plates", "2", "--hot-list-entries", "5000", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] scenarios = [.. result.StdoutLines[..^1].Select(l => JsonDocument.Parse(l).RootElement.GetProperty("scenario").GetString()!)];
        Assert.Equal(["warm_up", "link_up", "link_slow", "link_down", "footprint_first_start", "footprint_restart"], scenarios);
        JsonElement down = JsonDocument.Parse(result.StdoutLines[3]).RootElement;
        Assert.Equal(0, down.GetProperty("delivered_reads").GetInt32());
        Assert.Equal(1, down.GetProperty("alerts").GetInt32());
        JsonElement summary = JsonDocument.Parse(result.StdoutLines[^1]).RootElement;
        Assert.Equal(2, summary.GetProperty("delivered_reads_up").GetInt32());
        Assert.True(summary.GetProperty("alert_ratio_down").GetDouble() > 0);
        Assert.True(summary.GetProperty("hit_delivery_p50_ms_slow").GetDouble() > summary.GetProperty("hit_delivery_p50_ms_up").GetDouble());
        // The footprint runs: the agent as a process of its own, its list (with the clip's listed plate) in use, the
        // clip's reads and hit delivered, and its own resident set measured (an agent is tens of MB at the least).
        foreach (string line in result.StdoutLines[4..6])
        {
            JsonElement run = JsonDocument.Parse(line).RootElement;
            Assert.Equal(5001, run.GetProperty("hot_list_entries").GetInt32());
            Assert.Equal(2, run.GetProperty("delivered_reads").GetInt32());
            Assert.Equal(1, run.GetProperty("delivered_hits").GetInt32());
            Assert.InRange(run.GetProperty("peak_rss_mb").GetDouble(), 30, 4000);
        }

        Assert.Equal(5000, summary.GetProperty("hot_list_entries").GetInt32());
        Assert.True(summary.GetProperty("agent_peak_rss_mb").GetDouble() >= 30);
    }

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    /// <summary>Every settings problem <c>run</c> would report for this file, checked in this process without starting anything.</summary>
    private static string[] StartupProblems(string config)
    {
        using Microsoft.Extensions.Hosting.IHost host = RunCommand.Build(config, new Dictionary<string, string?>(), null, null);
        try
        {
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
            return [];
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.OfType<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }

    /// <summary>Everything the agent queued was forwarded: what is left is the audit of the test opening the store itself.</summary>
    /// <summary>
    /// Nothing left to forward but what came after the platform had everything: this opening, and
    /// the checkpoint written at stop unless the uplink's last moments still sent it.
    /// </summary>
    private static void AssertOnlyThisOpeningQueued(EvidenceStore store)
    {
        IReadOnlyList<OutboxItem> left = store.Outbox.OutboxItems(1000);
        Assert.All(left, i => Assert.Equal(OutboxKind.Audit, i.Kind));
        List<string> actions = left.Select(i => store.AuditLog.FindAuditEvent(i.RefNumber!.Value)!.Action).ToList();
        Assert.Single(actions, a => a == "store_opened");
        Assert.All(actions, a => Assert.Contains(a, new[] { "audit_checkpoint", "store_opened" }));
        Assert.True(actions.Count(a => a == "audit_checkpoint") <= 1, string.Join(", ", actions));
    }

    private static int IndexOf(IReadOnlyList<MosquittoSubscriber.Received> all, MosquittoSubscriber.Received item) => all.ToList().IndexOf(item);

    private static IEnumerable<Guid> ReadIds(IEnumerable<MosquittoSubscriber.Received> messages) =>
        messages.Where(x => x.Topic.EndsWith("/read", StringComparison.Ordinal)).Select(x => x.Json.GetProperty("id").GetGuid());

    // Setup, not what these tests are about: the entries a supervisor would add before the agent starts (the command that
    // does it, signed in, is HotListCliTests'), kept the way it keeps them, read by the agent at its start.
    private async Task ListAsync()
    {
        HotListCategory[] categories = [HotListCategory.StolenVehicle, HotListCategory.AmberAlert];
        using var service = new HotListService(
            new HotListOptions { Directory = _dir.File("hotlist") },
            HotListCopyKey.None("test setup: no store key"),
            TimeProvider.System,
            NullLogger<HotListService>.Instance
        );
        await service.LoadAsync(CancellationToken.None);
        for (int i = 0; i < clip.Listed.Count; i++)
        {
            await service.AddLocalAsync(
                new HotListEntry
                {
                    Plate = clip.Listed[i],
                    Category = categories[i],
                    Source = "LOCAL",
                    Reason = "agent test",
                    EnteredBy = UnitPeople.Supervisor,
                    EnteredAt = DateTimeOffset.UtcNow,
                    Origin = HotListOrigin.Local,
                },
                CancellationToken.None
            );
        }
    }

    private string WriteConfig(MosquittoBroker broker, bool stopWhenEnded, Dictionary<string, object?> extra)
    {
        Dictionary<string, object?> settings = AgentSettings.For(
            _dir,
            clip.Clip,
            "cam1",
            _dir.File("store"),
            KeyFile,
            broker.Url,
            "unit-7",
            "00:00:02",
            stopWhenEnded
        );
        var agent = (Dictionary<string, object?>)settings["Agent"]!;
        foreach ((string key, object? value) in extra.TryGetValue("Agent", out object? more) ? (Dictionary<string, object?>)more! : [])
        {
            agent[key] = value;
        }

        foreach ((string key, object? value) in extra.Where(e => e.Key != "Agent"))
        {
            settings[key] = value;
        }

        string path = _dir.File($"unit-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(settings));
        return path;
    }

    private Process Start(string config, Dictionary<string, string> environment, out Task<string> stderr)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.Root,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll"), "run", "--config", config })
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        Process process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
        return process;
    }

    private EvidenceStore OpenStore() =>
        EvidenceStore.Open(
            new StoreOptions { Directory = _dir.File("store"), MinFreeMegabytes = 0 },
            StoreKey.FromFile(KeyFile),
            TimeProvider.System,
            NullLogger.Instance,
            create: false
        );

    private static async Task ListenAsync(Socket socket, List<string> notices)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                lock (notices)
                {
                    notices.AddRange(Encoding.UTF8.GetString(buffer, 0, n).Split('\n', StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed at the end of the test.
        }
    }

    private static async Task ScrapeAsync(int port, Action<string> seen, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            while (true)
            {
                await Task.Delay(500, cancellationToken);
                try
                {
                    string text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken);
                    if (text.Contains("edgealpr_camera_fps", StringComparison.Ordinal))
                    {
                        seen(text);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet, or already stopped.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
