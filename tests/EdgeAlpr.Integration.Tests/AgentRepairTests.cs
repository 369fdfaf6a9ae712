using System.Diagnostics;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Storage;
using EdgeAlpr.TestKit.Broker;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr run</c> on a store whose log lost a block: the agent repairs it at start (its
/// default), says so in its status and health, audits it, and records the reads of its camera.
/// </summary>
/// <remarks>In the engine tests' collection, as <see cref="AgentRunTests"/>: a whole agent runs, so not beside them.</remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(EngineCollection.Name)]
public sealed class AgentRepairTests(AgentClipFixture clip, ITestOutputHelper output) : IClassFixture<AgentClipFixture>, IDisposable
{
    private const string Camera = "repair-cam";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_agent_repairs_a_damaged_store_at_start_reports_the_repair_and_records_its_camera()
    {
        string store = _dir.File("store");
        string key = _dir.File("store.key");
        StoreKey.Create(key);
        var env = new Dictionary<string, string> { ["EDGEALPR_Store__KeyFile"] = key, ["EDGEALPR_Store__MinFreeMegabytes"] = "0" };
        CliRunner.Result bench = await CliRunner.RunWithEnvironmentAsync(env, "bench", "store", "--reads", "20", "--dir", store, "--json");
        Assert.True(bench.ExitCode == 0, bench.Stderr);

        // The issue's damage: dd if=/dev/zero of=store-log.db bs=8192 seek=30 count=1 conv=notrunc
        string log = Path.Combine(store, "store-log.db");
        Assert.True(new FileInfo(log).Length >= 31 * 8192, "block 30 is not inside the log");
        await using (FileStream file = File.Open(log, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 30 * 8192;
            await file.WriteAsync(new byte[8192]);
        }

        Assert.Equal(2, (await CliRunner.RunWithEnvironmentAsync(env, "store", "stats", "--dir", store)).ExitCode);

        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        var timer = Stopwatch.StartNew();
        CliRunner.Result run = await CliRunner.RunAsync("run", "--config", WriteConfig(broker, store, key));
        output.WriteLine($"agent ran {timer.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is damaged", run.Stderr, StringComparison.Ordinal);

        // The status file (and the health the platform hears) says the store was repaired, with what it salvaged.
        JsonElement status = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.File("status.json"))).RootElement;
        JsonElement repaired = status.GetProperty("health").GetProperty("storage").GetProperty("repaired");
        output.WriteLine(repaired.ToString());
        long salvaged = repaired.GetProperty("salvaged_reads").GetInt64();
        string quarantined = repaired.GetProperty("quarantined").GetString()!;
        Assert.Contains($"{log}: page ", repaired.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.True(repaired.GetProperty("lost_pages").GetInt64() >= 1);
        Assert.True(File.Exists(Path.Combine(quarantined, "store-log.db")), "the damaged log is kept in quarantine");
        var health = await platform.WaitForAsync(
            m =>
                m.Any(x =>
                    x.Topic.EndsWith("/health", StringComparison.Ordinal)
                    && x.Json.GetProperty("storage").TryGetProperty("repaired", out JsonElement r)
                    && r.ValueKind == JsonValueKind.Object
                ),
            TimeSpan.FromSeconds(10),
            "a health report with the repair"
        );
        Assert.Contains(health, x =>
            x.Topic.EndsWith("/health", StringComparison.Ordinal)
            && x.Json.GetProperty("storage").GetProperty("repaired").GetProperty("salvaged_reads").GetInt64() == salvaged
        );

        await using EvidenceStore evidence = EvidenceStore.Open(
            new StoreOptions { Directory = store, MinFreeMegabytes = 0 },
            StoreKey.FromFile(key),
            TimeProvider.System,
            NullLogger.Instance,
            create: false
        );
        StoredAuditEvent audited = Assert.Single(evidence.AuditLog.AuditTrail("store_repaired"));
        Assert.Equal(salvaged, audited.Details["salvaged_reads"]!.GetValue<long>());
        Assert.Null(evidence.LastRepair);

        // The salvaged reads are kept beside the ones the camera made after the repair.
        var reads = evidence.Reads.Since(DateTimeOffset.MinValue).ToList();
        Assert.Equal(salvaged, reads.Count(r => r.CameraId != Camera));
        Assert.Equal(clip.Truth.Plates.Count, reads.Count(r => r.CameraId == Camera));
        VerifyReport verify = evidence.Administration.Verify();
        Assert.True(verify.Ok, string.Join("; ", verify.DatabaseProblems));
    }

    private string WriteConfig(MosquittoBroker broker, string store, string key)
    {
        Dictionary<string, object?> settings = AgentSettings.For(
            _dir,
            clip.Clip,
            Camera,
            store,
            key,
            broker.Url,
            "unit-9",
            "00:00:01",
            stopWhenCamerasEnd: true
        );
        string path = _dir.File("unit.json");
        File.WriteAllText(path, JsonSerializer.Serialize(settings));
        return path;
    }
}
