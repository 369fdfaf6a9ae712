using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.HotLists;
using EdgeAlpr.TestKit.Broker;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Tests that measure this process's memory run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InboundMemoryCollection
{
    public const string Name = "inbound memory";
}

/// <summary>
/// The red team's memory attack, smaller: forged hot-list updates of tens of megabytes (a valid-looking header, a
/// signature that is not the platform's) published on the agency's topics through Debian's Mosquitto, at QoS 1 and 0.
/// Before, each cost the unit two copies of itself in memory (MQTTnet's packet and the update's array) and the broker
/// sent them as fast as it could; now each is dropped as it streams in, and the list in use is untouched.
/// </summary>
[Collection(InboundMemoryCollection.Name)]
public sealed class InboundFloodTests
{
    private const int ForgedBytes = 40 << 20;

    [Fact]
    public async Task Forged_updates_of_40_MB_each_are_dropped_as_they_stream_in_without_being_held_in_memory()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await CommandTests.WaitConnectedAsync(uplink);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, Signed(unit, 1, 100), retain: true);
        await Poll.UntilAsync(() => unit.HotList.Current.Version == 1, "the first list to be applied");
        byte[] forged = Forged(version: 50);

        long allocated;
        await using (var memory = new InboundMemory())
        {
            await CommandTests.PublishAsync(broker, unit.Topics.HotListDelta, forged);
            await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, forged);
            await CommandTests.PublishAsync(broker, unit.Topics.HotListDelta, forged, qos: 0);
            // Handled in order: the legitimate update after them (larger than what is held in memory, so it takes the
            // same path) being applied means the forged ones were handled.
            await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, Signed(unit, 2, 6000));
            await Poll.UntilAsync(() => unit.HotList.Current.Version == 2, "the legitimate update after the forged ones", TimeSpan.FromSeconds(60));
            allocated = memory.Allocated;
        }

        await uplink.StopAsync(CancellationToken.None);

        // Three messages of 40 MB: before, at least 240 MB were allocated (each message twice).
        Assert.True(allocated < ForgedBytes / 2, $"{allocated / 1048576.0:F1} MB allocated while receiving three forged 40 MB updates");
        Assert.Equal(6000, unit.HotList.Current.Count);
        var refused = unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action);
        Assert.All(refused, e => Assert.Equal(HotListRefusal.BadSignature, e.Subject));
        Assert.Equal(3, refused.Sum(e => e.Details["count"]!.GetValue<int>()));
        Assert.All(refused, e => Assert.Equal((long)forged.Length, e.Details["bytes"]!.GetValue<long>()));
        string sha = Convert.ToHexStringLower(SHA256.HashData(forged));
        Assert.All(refused, e => Assert.Equal(sha, e.Details["payload_sha256"]![0]!.GetValue<string>()));
        Assert.Equal([1L, 2L], unit.Store.AuditLog.AuditSince(since, "hotlist_update").Select(a => a.Details["version"]!.GetValue<long>()));
        Assert.Empty(Directory.GetFiles(Path.Combine(unit.Folder, "hotlist", "incoming")));
    }

    internal static byte[] Signed(UplinkHarness unit, long version, int rows) =>
        SignedUpdate.Create(
            UpdateKind.Full,
            UplinkHarness.Agency,
            version,
            null,
            DateTimeOffset.UtcNow,
            Encoding.ASCII.GetBytes("plate,category\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"FL{version}X{i:D5},stolen\n"))),
            unit.PlatformKey
        );

    /// <summary>A full update of 40 MB whose header is well formed and whose signature is anyone's but the platform's.</summary>
    internal static byte[] Forged(long version, int bytes = ForgedBytes)
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] list = new byte[bytes - 512];
        Array.Fill(list, (byte)'A');
        byte[] signed = SignedUpdate.Create(UpdateKind.Full, UplinkHarness.Agency, version, null, DateTimeOffset.UtcNow, list, stranger);
        return signed;
    }
}
