using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts;
using EdgeAlpr.HotLists;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Commands;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Commands and hot-list updates from the platform, published with Debian's mosquitto_pub.</summary>
public sealed class CommandTests
{
    [Fact]
    public async Task A_signed_ping_is_obeyed_answered_and_audited()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await WaitConnectedAsync(uplink);

        PlatformCommand ping = Command(PlatformCommand.Ping);
        await PublishAsync(broker, unit.Topics.Command, CommandEnvelope.Create(ping, unit.PlatformKey));
        var got = await platform.WaitForAsync(
            m => m.Any(x => x.Topic == unit.Topics.CommandResult),
            TimeSpan.FromSeconds(15),
            "the command's result"
        );
        JsonElement result = got.First(m => m.Topic == unit.Topics.CommandResult).Json;
        Assert.Equal("done", result.GetProperty("status").GetString());
        Assert.Equal("pong", result.GetProperty("message").GetString());
        Assert.Equal(ping.Id.ToString(), result.GetProperty("command_id").GetString());

        // Audited, and the audit event is forwarded like every other.
        got = await platform.WaitForAsync(
            m => m.Any(x => x.Topic == unit.Topics.Audit && x.Json.GetProperty("action").GetString() == "platform_command"),
            TimeSpan.FromSeconds(15),
            "the audit event"
        );
        JsonElement audit = got.First(x => x.Topic == unit.Topics.Audit && x.Json.GetProperty("action").GetString() == "platform_command").Json;
        Assert.Equal("ping", audit.GetProperty("subject").GetString());
        Assert.Equal(ping.Id.ToString(), audit.GetProperty("details").GetProperty("command_id").GetString());
        await uplink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Unsigned_tampered_foreign_misaddressed_expired_and_replayed_commands_are_refused_and_audited()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        List<Guid> reads = await unit.StoreReadsAsync(3);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/cmd-result", "platform");
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await WaitConnectedAsync(uplink);

        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] signed = CommandEnvelope.Create(Command(PlatformCommand.Ping), unit.PlatformKey);
        var cases = new (string Why, byte[] Payload, string Reason)[]
        {
            ("unsigned", Encoding.UTF8.GetBytes("""{"name":"purge","device_id":"unit-7"}"""), "not a signed command"),
            ("tampered", Tamper(signed), "bad signature"),
            ("foreign key", CommandEnvelope.Create(Command(PlatformCommand.Purge), stranger), "bad signature"),
            ("other unit", CommandEnvelope.Create(Command(PlatformCommand.Purge) with { DeviceId = "unit-8" }, unit.PlatformKey), "not to this unit"),
            ("expired", CommandEnvelope.Create(Command(PlatformCommand.Purge, DateTimeOffset.UtcNow.AddMinutes(-20)), unit.PlatformKey), "expired"),
            ("unknown", CommandEnvelope.Create(Command("format_disk"), unit.PlatformKey), "unknown command"),
            ("original", signed, "pong"),
            ("replayed", signed, "already received"),
        };
        foreach ((string why, byte[] payload, _) in cases)
        {
            await PublishAsync(broker, unit.Topics.Command, payload);
        }

        var results = (
            await platform.WaitForAsync(
                m => m.Count(x => x.Topic == unit.Topics.CommandResult) >= cases.Length,
                TimeSpan.FromSeconds(20),
                "a result for every command"
            )
        )
            .Where(m => m.Topic == unit.Topics.CommandResult)
            .Select(m => m.Json)
            .ToList();
        for (int i = 0; i < cases.Length; i++)
        {
            string expected = cases[i].Why == "original" ? "done" : "refused";
            Assert.True(results[i].GetProperty("status").GetString() == expected, $"{cases[i].Why}: {results[i]}");
            Assert.Contains(cases[i].Reason, results[i].GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await uplink.StopAsync(CancellationToken.None);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddHours(-1);
        // The unknown command was signed, addressed here, in date and new: only the platform makes such a one, and its
        // id must stay in the trail (a replay after a restart is still refused), so it is audited on its own.
        StoredAuditEvent unknown = Assert.Single(unit.Store.AuditLog.AuditSince(since, "platform_command_refused"));
        Assert.Equal("format_disk", unknown.Subject);
        Assert.Equal(CommandRefusal.UnknownCommand, unknown.Details["reason"]!.GetValue<string>());
        Assert.Equal(64, unknown.Details["payload_sha256"]!.GetValue<string>().Length);
        Assert.NotNull(unknown.Details["command_id"]!.GetValue<string>());
        // What anyone could send or play again is counted per reason; stopping the uplink audited what was still counted.
        var counted = unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action);
        Assert.All(counted, e => Assert.Equal(unit.Topics.Command, e.Details["topic"]!.GetValue<string>()));
        Assert.All(counted, e => Assert.All(e.Details["payload_sha256"]!.AsArray(), h => Assert.Equal(64, h!.GetValue<string>().Length)));
        Assert.All(counted, e => Assert.Equal(0, e.Details["answers_dropped"]!.GetValue<int>()));
        Assert.Equal(
            new Dictionary<string, int>
            {
                [CommandRefusal.NotSigned] = 1,
                [CommandRefusal.BadSignature] = 2,
                [CommandRefusal.WrongUnit] = 1,
                [CommandRefusal.Expired] = 1,
                [CommandRefusal.Replay] = 1,
            },
            counted.GroupBy(e => e.Subject!).ToDictionary(g => g.Key, g => g.Sum(e => e.Details["count"]!.GetValue<int>()))
        );
        Assert.Contains(counted, e => e.Details["message"]!.GetValue<string>().Contains("bad signature", StringComparison.Ordinal));
        // Nothing a refused command asked for was done.
        Assert.All(reads, id => Assert.NotNull(unit.Store.Reads.FindRead(id)));
        Assert.Empty(unit.Store.AuditLog.AuditSince(since, "reads_purged"));
    }

    [Fact]
    public async Task A_command_issued_nine_minutes_ahead_is_refused_and_one_a_minute_ahead_is_obeyed()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/cmd-result", "platform");
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await WaitConnectedAsync(uplink);

        // Signed, addressed here and within the longest window: before, only "ahead by more than CommandMaxAge" was refused.
        PlatformCommand early = Command(PlatformCommand.Purge, DateTimeOffset.UtcNow.AddMinutes(9));
        PlatformCommand skewed = Command(PlatformCommand.Ping, DateTimeOffset.UtcNow.AddMinutes(1));
        await PublishAsync(broker, unit.Topics.Command, CommandEnvelope.Create(early, unit.PlatformKey));
        await PublishAsync(broker, unit.Topics.Command, CommandEnvelope.Create(skewed, unit.PlatformKey));
        var results = (
            await platform.WaitForAsync(m => m.Count(x => x.Topic == unit.Topics.CommandResult) >= 2, TimeSpan.FromSeconds(20), "both results")
        )
            .Where(m => m.Topic == unit.Topics.CommandResult)
            .Select(m => m.Json)
            .ToList();
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(early.Id.ToString(), results[0].GetProperty("command_id").GetString());
        Assert.Equal("refused", results[0].GetProperty("status").GetString());
        Assert.Contains("not valid yet", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Uplink:CommandClockSkew", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(skewed.Id.ToString(), results[1].GetProperty("command_id").GetString());
        Assert.Equal("done", results[1].GetProperty("status").GetString());
        DateTimeOffset since = DateTimeOffset.UtcNow.AddHours(-1);
        StoredAuditEvent refused = Assert.Single(unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action));
        Assert.Equal(CommandRefusal.NotYetValid, refused.Subject);
        // Only the ping was obeyed: the early purge did nothing.
        Assert.Equal(["ping"], unit.Store.AuditLog.AuditSince(since, "platform_command").Select(e => e.Subject));
    }

    [Fact]
    public async Task Hot_list_updates_on_their_topics_go_through_the_signed_update_path()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] full = SignedUpdate.Create(
            UpdateKind.Full,
            UplinkHarness.Agency,
            5,
            null,
            now,
            Encoding.UTF8.GetBytes("plate,state,category,source\nSTL3N1,IL,stolen_vehicle,NCIC\nAMB3R1,IL,amber_alert,NCIC\n"),
            unit.PlatformKey
        );
        // Retained: a unit that connects for the first time gets the current list at once.
        await PublishAsync(broker, unit.Topics.HotListFull, full, retain: true);

        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => unit.HotList.Current.Version == 5, "the retained full list to be applied");
        Assert.Equal(2, unit.HotList.Current.Count);

        byte[] delta = SignedUpdate.Create(
            UpdateKind.Delta,
            UplinkHarness.Agency,
            6,
            5,
            now,
            Encoding.UTF8.GetBytes("op,plate,state,category,source\nadd,FEL0N1,IL,felony_vehicle,LEADS\nremove,AMB3R1,IL,amber_alert,NCIC\n"),
            unit.PlatformKey
        );
        await PublishAsync(broker, unit.Topics.HotListDelta, delta);
        await Poll.UntilAsync(() => unit.HotList.Current.Version == 6, "the delta to be applied");

        byte[] tampered = SignedUpdate.Create(
            UpdateKind.Delta,
            UplinkHarness.Agency,
            7,
            6,
            now,
            Encoding.UTF8.GetBytes("op,plate,state,category,source\nadd,EV1L00,IL,stolen_vehicle,NCIC\n"),
            unit.PlatformKey
        );
        tampered[^3] ^= 0x20;
        await PublishAsync(broker, unit.Topics.HotListDelta, tampered);
        await Poll.UntilAsync(
            () => unit.Store.AuditLog.AuditSince(now.AddHours(-1), RefusedMessages.Action).Count == 1,
            "the tampered update to be refused"
        );
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(6, unit.HotList.Current.Version);
        var applied = unit.Store.AuditLog.AuditSince(now.AddHours(-1), "hotlist_update");
        Assert.Equal([5L, 6L], applied.Select(a => a.Details["version"]!.GetValue<long>()));
        Assert.Equal("verified", applied[0].Details["signature"]!.GetValue<string>());
        StoredAuditEvent refused = Assert.Single(unit.Store.AuditLog.AuditSince(now.AddHours(-1), RefusedMessages.Action));
        Assert.Equal((HotListRefusal.Integrity, unit.Topics.HotListDelta), (refused.Subject, refused.Details["topic"]!.GetValue<string>()));
        Assert.Equal(1, refused.Details["count"]!.GetValue<int>());
        Assert.Contains("SHA-256", refused.Details["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(tampered)), refused.Details["payload_sha256"]![0]!.GetValue<string>());
    }

    internal static PlatformCommand Command(string name, DateTimeOffset? issued = null, Dictionary<string, string>? args = null)
    {
        DateTimeOffset at = issued ?? DateTimeOffset.UtcNow;
        return new PlatformCommand(1, Guid.CreateVersion7(), name, UplinkHarness.Agency, UplinkHarness.Device, at, at.AddMinutes(5), args);
    }

    /// <summary>The same signature over a different command (one that would purge).</summary>
    private static byte[] Tamper(byte[] envelope)
    {
        JsonObject json = JsonNode.Parse(envelope)!.AsObject();
        JsonObject command = JsonNode.Parse(Convert.FromBase64String(json["command"]!.GetValue<string>()))!.AsObject();
        command["name"] = PlatformCommand.Purge;
        json["command"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(command.ToJsonString()));
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    internal static async Task PublishAsync(
        MosquittoBroker broker,
        string topic,
        byte[] payload,
        bool retain = false,
        string[]? connection = null,
        int qos = 1
    )
    {
        string file = Path.Combine(broker.Folder, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, payload);
        var args = new List<string>
        {
            "-h",
            connection is null ? "127.0.0.1" : "localhost",
            "-p",
            broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-V",
            "mqttv5",
            "-q",
            qos.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t",
            topic,
            "-f",
            file,
        };
        if (retain)
        {
            args.Add("-r");
        }

        args.AddRange(connection ?? []);
        await ProcessRunner.RunCheckedAsync("mosquitto_pub", [.. args]);
    }

    internal static Task WaitConnectedAsync(UplinkService uplink) => Poll.UntilAsync(() => uplink.State.Connected, "the uplink to connect");
}
