using System.Text;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.HotLists;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Transport;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Size limits on what the platform sends, against Debian's Mosquitto.</summary>
public sealed class InboundLimitTests
{
    private const int MaxUpdateBytes = 64 * 1024;

    [Fact]
    public async Task A_hot_list_over_the_limit_is_refused_unread_and_audited_and_one_over_the_packet_size_is_not_even_sent()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, configureHotList: o => o.MaxUpdateBytes = MaxUpdateBytes);
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await CommandTests.WaitConnectedAsync(uplink);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Over HotList:MaxUpdateBytes but within the packet size: it arrives, and is refused before it is read.
        byte[] large = Update(1, MaxUpdateBytes + 10_000);
        // Over the packet size the unit told the broker at connect: the broker drops it.
        byte[] huge = Update(2, (int)MqttConnector.MaximumPacketSize(MaxUpdateBytes) + 10_000);
        byte[] command = Encoding.UTF8.GetBytes("{\"command\":\"" + new string('A', 70_000) + "\"}");
        await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, large);
        await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, huge);
        await CommandTests.PublishAsync(broker, unit.Topics.Command, command);
        await CommandTests.PublishAsync(
            broker,
            unit.Topics.HotListFull,
            SignedUpdate.Create(
                UpdateKind.Full,
                UplinkHarness.Agency,
                3,
                null,
                DateTimeOffset.UtcNow,
                "plate,category\nABC1234,stolen\n"u8,
                unit.PlatformKey
            )
        );
        await Poll.UntilAsync(() => unit.HotList.Current.Version == 3, "the update within the limits to be applied");
        await Poll.UntilAsync(
            () =>
                unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action).Any(e => e.Details["topic"]!.GetValue<string>() == unit.Topics.Command),
            "the oversized command to be refused"
        );
        await uplink.StopAsync(CancellationToken.None);

        // Each refusal the first of its kind: audited at once, counted once.
        var refused = unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action);
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e => Assert.Equal((HotListRefusal.TooLarge, 1), (e.Subject, e.Details["count"]!.GetValue<int>())));
        StoredAuditEvent list = Assert.Single(refused, e => e.Details["topic"]!.GetValue<string>() == unit.Topics.HotListFull);
        Assert.Contains("more than HotList:MaxUpdateBytes", list.Details["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(large.Length, list.Details["bytes"]!.GetValue<long>());
        Assert.Equal(64, list.Details["payload_sha256"]![0]!.GetValue<string>().Length);
        StoredAuditEvent cmd = Assert.Single(refused, e => e.Details["topic"]!.GetValue<string>() == unit.Topics.Command);
        Assert.Contains("larger than 65536", cmd.Details["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([3L], unit.Store.AuditLog.AuditSince(since, "hotlist_update").Select(a => a.Details["version"]!.GetValue<long>()));
    }

    [Fact]
    public void The_packet_size_fits_the_largest_update_and_a_command_and_never_exceeds_what_MQTT_allows()
    {
        Assert.Equal((uint)(MaxUpdateBytes + MqttConnector.PacketOverhead), MqttConnector.MaximumPacketSize(MaxUpdateBytes));
        Assert.Equal(
            (uint)(HotListOptions.DefaultMaxUpdateBytes + MqttConnector.PacketOverhead),
            MqttConnector.MaximumPacketSize(HotListOptions.DefaultMaxUpdateBytes)
        );
        Assert.InRange(MqttConnector.MaximumPacketSize(HotListOptions.MaxMaxUpdateBytes), 1u, 268_435_455u);
        Assert.InRange(MqttConnector.MaximumPacketSize(int.MaxValue), 1u, 268_435_455u);
    }

    /// <summary>A file that starts like a signed update, of about <paramref name="bytes"/> bytes (it never gets as far as its signature).</summary>
    private static byte[] Update(long version, int bytes)
    {
        byte[] file = new byte[bytes];
        Array.Fill(file, (byte)'A');
        Encoding.ASCII.GetBytes($"{SignedUpdate.Magic}\nkind: full\nversion: {version}\n").CopyTo(file, 0);
        return file;
    }
}
