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
    public async Task Hot_lists_over_the_limit_are_refused_unread_and_audited_and_more_of_them_than_the_receive_maximum_block_nothing_after()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, configureHotList: o => o.MaxUpdateBytes = MaxUpdateBytes);
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await CommandTests.WaitConnectedAsync(uplink);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Over HotList:MaxUpdateBytes, at QoS 1, more of them than the receive maximum. Had the unit announced a maximum
        // packet size, Mosquitto would drop them without giving back their receive-maximum slots, and nothing after
        // them would ever arrive (see MqttConnector).
        // Over HotList:MaxUpdateBytes by more than a packet's topic and properties could take.
        byte[] large = Update(1, MaxUpdateBytes + 100_000);
        int oversized = MqttConnector.ReceiveMaximum + 2;
        for (int i = 0; i < oversized; i++)
        {
            await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, large);
        }

        byte[] command = Encoding.UTF8.GetBytes("{\"command\":\"" + new string('A', 70_000) + "\"}");
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

        // The first refusal of each kind audited at once; the rest of the hot lists counted in one event when the uplink stops.
        var refused = unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action);
        Assert.All(refused, e => Assert.Equal(HotListRefusal.TooLarge, e.Subject));
        var lists = refused.Where(e => e.Details["topic"]!.GetValue<string>() == unit.Topics.HotListFull).ToList();
        Assert.Equal(oversized, lists.Sum(e => e.Details["count"]!.GetValue<int>()));
        Assert.All(lists, e =>
            Assert.Contains("more than HotList:MaxUpdateBytes", e.Details["message"]!.GetValue<string>(), StringComparison.Ordinal)
        );
        Assert.Equal(large.Length, lists[0].Details["bytes"]!.GetValue<long>());
        Assert.Equal(64, lists[0].Details["payload_sha256"]![0]!.GetValue<string>().Length);
        StoredAuditEvent cmd = Assert.Single(refused, e => e.Details["topic"]!.GetValue<string>() == unit.Topics.Command);
        Assert.Contains("larger than 65536", cmd.Details["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([3L], unit.Store.AuditLog.AuditSince(since, "hotlist_update").Select(a => a.Details["version"]!.GetValue<long>()));
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
