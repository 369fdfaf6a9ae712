using System.Diagnostics;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Storage;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Commands;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr uplink drain</c> and <c>bench uplink</c> as processes against Debian's Mosquitto,
/// with mosquitto_sub as the platform; among them the agent SIGKILLed mid-drain and started again.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UplinkCliTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Agent_killed_mid_drain_and_restarted_delivers_every_read_duplicates_only_with_their_id()
    {
        HashSet<Guid> stored = await FillStoreAsync(3000);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        string[] drain = DrainArgs(broker);

        using (Process child = Start(drain))
        {
            await platform.WaitForAsync(
                m => m.Count(x => x.Topic.EndsWith("/read", StringComparison.Ordinal)) >= 600,
                TimeSpan.FromSeconds(60),
                "the drain to be under way"
            );
            child.Kill(); // SIGKILL: no handler, no flush, no goodbye to the broker
            await child.WaitForExitAsync();
        }

        // The broker speaks for the dead agent: its last will marks it offline.
        var got = await platform.WaitForAsync(
            m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Json.GetProperty("state").GetString() == "offline"),
            TimeSpan.FromSeconds(30),
            "the last will"
        );
        Assert.Equal("connection lost", got.Last(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)).Json.GetProperty("reason").GetString());
        int beforeRestart = got.Count(x => x.Topic.EndsWith("/read", StringComparison.Ordinal));
        Assert.True(beforeRestart < 3000, $"the drain had finished ({beforeRestart} reads) before it was killed");

        // What the killed agent had marked forwarded must never go again; what it had not may.
        HashSet<Guid> unmarked;
        await using (EvidenceStore store = OpenStore())
        {
            unmarked = store.Outbox.OutboxItems(100_000).Where(i => i.Kind == OutboxKind.Read).Select(i => i.RefId!.Value).ToHashSet();
        }

        Assert.True(unmarked.Count < 3000 - 300, $"only {3000 - unmarked.Count} reads were marked forwarded before the kill");
        CliRunner.Result again = await CliRunner.RunWithEnvironmentAsync(Environment(), drain);
        Assert.True(again.ExitCode == 0, again.Stderr);
        JsonElement summary = JsonDocument.Parse(again.StdoutLines[^1]).RootElement;
        Assert.Equal(0, summary.GetProperty("outbox_left").GetInt32());

        var all = await platform.WaitForAsync(m => stored.IsSubsetOf(ReadIds(m)), TimeSpan.FromSeconds(30), "every read");
        List<Guid> ids = ReadIds(all).ToList();
        Assert.True(stored.SetEquals(ids), $"{stored.Except(ids).Count()} lost, {ids.Except(stored).Count()} unknown");
        var duplicated = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.All(duplicated, id => Assert.Contains(id, unmarked));
        Assert.All(ids.GroupBy(id => id), g => Assert.InRange(g.Count(), 1, 2));
    }

    [Fact]
    public async Task Uplink_configuration_problems_are_listed_and_nothing_is_sent()
    {
        CliRunner.Result result = await CliRunner.RunWithEnvironmentAsync(
            Environment(),
            "uplink",
            "drain",
            "--broker",
            "mqtt://platform.example.gov:1883",
            "--agency",
            "bad/agency",
            "--device",
            "unit-7",
            "--ca-file",
            _dir.File("missing-ca.pem"),
            "--store-dir",
            _dir.File("store"),
            "--hotlist-dir",
            _dir.File("hotlist")
        );
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("plain text to another host; use mqtts://", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Uplink:Agency 'bad/agency' may hold only", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "Uplink:CaFile is set but Uplink:Broker mqtt://platform.example.gov:1883 is not TLS",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains("missing-ca.pem does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_is_not_there_is_a_clear_error()
    {
        await FillStoreAsync(1);
        int port = FreePort.Next();
        CliRunner.Result result = await CliRunner.RunWithEnvironmentAsync(
            Environment(),
            "uplink",
            "drain",
            "--broker",
            $"mqtt://127.0.0.1:{port}",
            "--agency",
            "il-chicago-pd",
            "--device",
            "unit-7",
            "--store-dir",
            _dir.File("store"),
            "--hotlist-dir",
            _dir.File("hotlist")
        );
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"edge-alpr: uplink: cannot reach mqtt://127.0.0.1:{port}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_command_makes_an_envelope_the_unit_accepts()
    {
        using var platform = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(_dir.File("platform.key.pem"), platform.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(_dir.File("platform.key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CliRunner.Result result = await CliRunner.RunAsync(
            "uplink",
            "sign-command",
            "--key",
            _dir.File("platform.key.pem"),
            "--agency",
            "il-chicago-pd",
            "--device",
            "unit-7",
            "--name",
            "log_level",
            "--arg",
            "level=debug",
            "--arg",
            "minutes=10"
        );
        Assert.True(result.ExitCode == 0, result.Stderr);
        PlatformCommand command = CommandEnvelope.Open(System.Text.Encoding.UTF8.GetBytes(result.StdoutLines[^1]), platform);
        Assert.Equal("log_level", command.Name);
        Assert.Equal("unit-7", command.DeviceId);
        Assert.Equal("debug", command.Arg("level"));
        Assert.InRange((command.ExpiresAt - command.IssuedAt).TotalMinutes, 4.9, 5.1);
        new CommandPolicy("il-chicago-pd", "unit-7", TimeSpan.FromMinutes(10), TimeProvider.System).Check(command);
    }

    [Fact]
    public async Task Bench_uplink_prints_delivery_figures_as_its_last_line()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        CliRunner.Result result = await CliRunner.RunAsync("bench", "uplink", "--broker", broker.Url, "--messages", "400", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement summary = JsonDocument.Parse(result.StdoutLines[^1]).RootElement;
        Assert.Equal(400, summary.GetProperty("messages").GetInt32());
        Assert.Equal(400, summary.GetProperty("delivered").GetInt32());
        Assert.Equal(0, summary.GetProperty("lost").GetInt32());
        Assert.Equal(0, summary.GetProperty("duplicates").GetInt64());
        Assert.True(summary.GetProperty("msgs_per_s").GetDouble() > 0);
        Assert.True(summary.GetProperty("p99_ms").GetDouble() >= summary.GetProperty("p50_ms").GetDouble());
    }

    private static IEnumerable<Guid> ReadIds(IEnumerable<MosquittoSubscriber.Received> messages) =>
        messages.Where(x => x.Topic.EndsWith("/read", StringComparison.Ordinal)).Select(x => x.Json.GetProperty("id").GetGuid());

    private Dictionary<string, string> Environment() => new() { ["EDGEALPR_STORE_KEY"] = _key, ["EDGEALPR_Store__MinFreeMegabytes"] = "0" };

    private string[] DrainArgs(MosquittoBroker broker) =>
        [
            "uplink",
            "drain",
            "--broker",
            broker.Url,
            "--agency",
            "il-chicago-pd",
            "--device",
            "unit-7",
            "--store-dir",
            _dir.File("store"),
            "--hotlist-dir",
            _dir.File("hotlist"),
            "--json",
        ];

    private Process Start(string[] args)
    {
        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string k, string v) in Environment())
        {
            start.Environment[k] = v;
        }

        Process child = Process.Start(start)!;
        _ = child.StandardOutput.ReadToEndAsync();
        _ = child.StandardError.ReadToEndAsync();
        return child;
    }

    private EvidenceStore OpenStore()
    {
        var options = new StoreOptions
        {
            Directory = _dir.File("store"),
            MinFreeMegabytes = 0,
            KeyVariable = "EDGEALPR_UNUSED_IN_THIS_TEST",
        };
        string keyFile = StoreKeyFile.Write(_dir.File("store.key"), _key);

        return EvidenceStore.Open(options, StoreKey.FromFile(keyFile), TimeProvider.System, NullLogger.Instance);
    }

    private async Task<HashSet<Guid>> FillStoreAsync(int count)
    {
        await using EvidenceStore store = OpenStore();
        var reads = Enumerable.Range(0, count).Select(i => Read($"KIL{i:D4}")).ToList();
        await Task.WhenAll(reads.Select(r => store.Reads.StoreAsync(new ReadSubmission(r, []))));
        return reads.Select(r => r.Id).ToHashSet();
    }

    private static PlateRead Read(string plate)
    {
        byte[] crop = System.Security.Cryptography.RandomNumberGenerator.GetBytes(6000);
        byte[] scene = System.Security.Cryptography.RandomNumberGenerator.GetBytes(20000);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam1",
            now,
            now.AddSeconds(-1),
            now,
            plate,
            0.9f,
            [new PlateCandidate(plate, 0.9f)],
            new RegionGuess("United States", 0.9f),
            new BoundingBox(1, 2, 30, 12),
            4,
            null,
            new EvidenceImage(crop, "image/jpeg"),
            new EvidenceImage(scene, "image/jpeg")
        );
    }
}
