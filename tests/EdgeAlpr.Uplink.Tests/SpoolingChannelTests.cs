using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.HotLists;
using EdgeAlpr.Uplink.Inbound;
using EdgeAlpr.Uplink.Transport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// The channel between the socket and MQTTnet, fed an MQTT 5 byte stream in pieces of any size and read by MQTTnet's
/// own packet adapter: small packets come through unchanged, large PUBLISH payloads are taken off (a hot-list update
/// whose signed header passed is kept on disk, anything else only hashed) and MQTTnet sees a token instead.
/// </summary>
public sealed class SpoolingChannelTests : IAsyncLifetime
{
    private UplinkHarness _unit = null!;

    public async Task InitializeAsync() => _unit = await UplinkHarness.CreateAsync("mqtt://127.0.0.1:1");

    public async Task DisposeAsync() => await _unit.DisposeAsync();

    [Property(MaxTest = 40)]
    public Property Packets_come_through_whole_or_as_tokens_whatever_the_pieces_the_stream_arrives_in() =>
        Prop.ForAll(Gen.Choose(1, 70_000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), sizes => Check(sizes).GetAwaiter().GetResult());

    [Fact]
    public async Task A_signed_update_larger_than_memory_takes_is_kept_on_disk_checked_and_applied()
    {
        byte[] update = SignedUpdate.Create(UpdateKind.Full, UplinkHarness.Agency, 5, null, DateTimeOffset.UtcNow, List(6000), _unit.PlatformKey);
        Assert.True(update.Length > InboundSpool.Threshold);
        var spool = new InboundSpool(_unit.HotList, _unit.Topics);
        List<MqttPacket> packets = await ReceiveAllAsync(Stream(Publish(_unit.Topics.HotListFull, 1, update)), [1500], spool);

        MqttPublishPacket publish = Assert.IsType<MqttPublishPacket>(Assert.Single(packets));
        Assert.True(spool.TryTake(publish.Payload, out SpooledMessage? taken));
        Assert.Equal((update.Length, Convert.ToHexStringLower(SHA256.HashData(update))), (taken.Length, taken.Sha256));
        Assert.Single(Directory.GetFiles(IncomingFolder));
        UpdateOutcome outcome = await _unit.HotList.ApplyUpdateAsync(taken.Update!, CancellationToken.None);
        Assert.Equal((5L, 6000), (outcome.Version, outcome.Entries));
        Assert.Empty(Directory.GetFiles(IncomingFolder));
        Assert.False(spool.TryTake(publish.Payload, out _));
    }

    [Fact]
    public async Task A_forged_update_is_dropped_before_any_of_it_is_kept_and_a_changed_body_once_it_ends()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] forged = SignedUpdate.Create(UpdateKind.Full, UplinkHarness.Agency, 6, null, DateTimeOffset.UtcNow, List(6000), stranger);
        byte[] altered = SignedUpdate.Create(UpdateKind.Full, UplinkHarness.Agency, 7, null, DateTimeOffset.UtcNow, List(6000), _unit.PlatformKey);
        altered[^3] ^= 1;
        var spool = new InboundSpool(_unit.HotList, _unit.Topics);
        var created = new ConcurrentQueue<string>();
        using var watch = new FileSystemWatcher(Directory.CreateDirectory(IncomingFolder).FullName) { EnableRaisingEvents = true };
        watch.Created += (_, e) => created.Enqueue(e.Name!);

        List<MqttPacket> packets = await ReceiveAllAsync(
            Stream(Publish(_unit.Topics.HotListFull, 1, forged), Publish(_unit.Topics.HotListDelta, 1, altered)),
            [8192],
            spool
        );

        var refusals = packets
            .Cast<MqttPublishPacket>()
            .Select(p => Assert.IsType<SpooledMessage>(spool.TryTake(p.Payload, out SpooledMessage? m) ? m : null))
            .ToList();
        Assert.All(refusals, r => Assert.Null(r.Update));
        Assert.Equal([HotListRefusal.BadSignature, HotListRefusal.Integrity], refusals.Select(r => r.RefusalCode));
        // The forged one never reached the disk; the altered one (signed header, changed list) did, and is gone. The
        // watcher's events come on its own thread, after the fact: wait for the one expected, then a moment for another.
        await Poll.UntilAsync(() => !created.IsEmpty, "the altered update's file to be seen created");
        await Task.Delay(300);
        Assert.Single(created);
        Assert.Empty(Directory.GetFiles(IncomingFolder));
        Assert.Equal(0, _unit.HotList.Current.Version);
    }

    private string IncomingFolder => Path.Combine(_unit.Folder, "hotlist", "incoming");

    private async Task<bool> Check(int[] sizes)
    {
        byte[] small = Encoding.UTF8.GetBytes("{\"name\":\"ping\"}");
        byte[] large = RandomNumberGenerator.GetBytes(InboundSpool.Threshold + 1 + sizes[0]);
        byte[] properties = [0x01, 0x01, 0x03, 0x00, 0x04, (byte)'j', (byte)'s', (byte)'o', (byte)'n'];
        byte[] stream = Stream(
            [0xD0, 0x00],
            Publish(_unit.Topics.Command, 1, small, packetId: 7),
            Publish("alpr/elsewhere/x", 0, large, properties: properties),
            Publish(_unit.Topics.Command, 1, large, packetId: 9),
            Publish(_unit.Topics.HotListDelta, 0, small)
        );
        var spool = new InboundSpool(_unit.HotList, _unit.Topics);
        List<MqttPacket> packets = await ReceiveAllAsync(stream, sizes, spool);

        Assert.Equal(5, packets.Count);
        Assert.IsType<MqttPingRespPacket>(packets[0]);
        var publishes = packets.Skip(1).Cast<MqttPublishPacket>().ToList();
        Assert.Equal([_unit.Topics.Command, "alpr/elsewhere/x", _unit.Topics.Command, _unit.Topics.HotListDelta], publishes.Select(p => p.Topic));
        Assert.Equal(small, publishes[0].Payload.ToArray());
        Assert.Equal(7, publishes[0].PacketIdentifier);
        Assert.Equal("json", publishes[1].ContentType);
        Assert.Equal(9, publishes[2].PacketIdentifier);
        Assert.Equal(small, publishes[3].Payload.ToArray());
        foreach (MqttPublishPacket p in publishes.Skip(1).Take(2))
        {
            Assert.True(spool.TryTake(p.Payload, out SpooledMessage? taken));
            Assert.Equal((large.Length, Convert.ToHexStringLower(SHA256.HashData(large)), p.Topic), (taken.Length, taken.Sha256, taken.Topic));
            Assert.Null(taken.Update);
        }

        Assert.Equal(0, spool.Pending);
        return true;
    }

    private static async Task<List<MqttPacket>> ReceiveAllAsync(byte[] stream, int[] sizes, InboundSpool spool)
    {
        var channel = new PublishSpoolingChannel(new MemoryChannel(stream, sizes), spool);
        var adapter = new MqttChannelAdapter(
            channel,
            new MqttPacketFormatterAdapter(MQTTnet.Formatter.MqttProtocolVersion.V500, new MqttBufferWriter(4096, 65535)),
            MqttNetNullLogger.Instance
        );
        var packets = new List<MqttPacket>();
        while (await adapter.ReceivePacketAsync(CancellationToken.None) is { } packet)
        {
            packets.Add(packet);
        }

        return packets;
    }

    private static byte[] List(int rows) =>
        Encoding.ASCII.GetBytes("plate,category\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"ZX{i:D5},stolen\n")));

    private static byte[] Stream(params byte[][] packets) => [.. packets.SelectMany(p => p)];

    /// <summary>An MQTT 5 PUBLISH as a broker sends it.</summary>
    private static byte[] Publish(string topic, int qos, byte[] payload, ushort packetId = 1, byte[]? properties = null)
    {
        byte[] name = Encoding.UTF8.GetBytes(topic);
        var body = new List<byte> { (byte)(name.Length >> 8), (byte)name.Length };
        body.AddRange(name);
        if (qos > 0)
        {
            body.AddRange([(byte)(packetId >> 8), (byte)packetId]);
        }

        properties ??= [];
        body.AddRange(VariableLength(properties.Length));
        body.AddRange(properties);
        body.AddRange(payload);
        return [(byte)(0x30 | (qos << 1)), .. VariableLength(body.Count), .. body];
    }

    private static List<byte> VariableLength(int value)
    {
        var bytes = new List<byte>();
        do
        {
            byte digit = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        } while (value > 0);

        return bytes;
    }
}
