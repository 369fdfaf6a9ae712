using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.TestKit.Broker;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Reads and hits through a real Mosquitto to an independent mosquitto_sub, as the platform would receive them.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Reads_and_hits_are_delivered_hits_first_when_both_are_queued()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        List<Guid> reads = await unit.StoreReadsAsync(40);
        var hit = await unit.StoreHitAsync("STL3N1");

        using (UplinkService uplink = unit.Service())
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        Topics topics = unit.Topics;
        var got = await platform.WaitForAsync(
            m => m.Count(x => x.Topic == topics.Read) >= 41 && m.Any(x => x.Topic == topics.Hit) && m.Count(x => x.Topic == topics.Status) >= 2,
            TimeSpan.FromSeconds(20),
            "41 reads, the hit, and the unit online then offline"
        );
        var records = got.Where(m => m.Topic == topics.Read || m.Topic == topics.Hit).ToList();
        Assert.Equal(topics.Hit, records[0].Topic);

        JsonElement h = records[0].Json;
        Assert.Equal(1, h.GetProperty("schema").GetInt32());
        Assert.Equal(hit.HitIds[0], h.GetProperty("id").GetGuid());
        JsonElement match = h.GetProperty("hit");
        Assert.Equal(HotListHit.VerificationInstruction, match.GetProperty("verify").GetString());
        Assert.Equal("stolen_vehicle", match.GetProperty("category").GetString());
        Assert.Equal("V123456789", match.GetProperty("record_number").GetString());
        Assert.Equal("2019 HOND CIV BLK", match.GetProperty("vehicle").GetString());
        Assert.Equal("exact", match.GetProperty("match_kind").GetString());
        JsonElement hitRead = h.GetProperty("read");
        Assert.Equal(hit.ReadId, hitRead.GetProperty("id").GetGuid());
        AssertImagesMatchTheirHashes(hitRead, "plate", "context");

        var readIds = records.Where(r => r.Topic == topics.Read).Select(r => r.Json.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(reads.Append(hit.ReadId).Order(), readIds.Distinct().Order());
        JsonElement routine = records.First(r => r.Topic == topics.Read && r.Json.GetProperty("id").GetGuid() == reads[0]).Json;
        AssertImagesMatchTheirHashes(routine, "plate");
        Assert.Equal("context", routine.GetProperty("images_withheld")[0].GetString());
        Assert.Equal("RD00000", routine.GetProperty("plate").GetString());
        Assert.Equal(UplinkHarness.Device, routine.GetProperty("device_id").GetString());
        Assert.Equal("routine", routine.GetProperty("retention_class").GetString());

        // Every audit event travels too, and nothing is left to forward.
        Assert.Contains(got, m => m.Topic == topics.Audit && m.Json.GetProperty("action").GetString() == "store_opened");
        Assert.Equal(0, unit.Store.Outbox.Backlog().Items);
        Assert.NotNull(unit.Store.Reads.FindRead(reads[0])!.ForwardedAt);
        Assert.NotNull(unit.Store.Reads.FindHit(hit.HitIds[0])!.ForwardedAt);

        // Presence: online while connected, then offline (retained) after a clean disconnect.
        var status = got.Where(m => m.Topic == topics.Status).Select(m => m.Json.GetProperty("state").GetString()).ToList();
        Assert.Equal(["online", "offline"], status);
        // Each names the build, so a platform tells two builds of one version apart.
        Assert.All(got.Where(m => m.Topic == topics.Status), m => AssertNamesTheBuild(m.Json));
    }

    [Fact]
    public async Task A_hit_queued_during_a_backlog_of_reads_goes_ahead_of_it()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        await unit.StoreReadsAsync(3000);
        Topics topics = unit.Topics;

        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await platform.WaitForAsync(m => m.Count(x => x.Topic == topics.Read) >= 200, TimeSpan.FromSeconds(30), "the first 200 reads");
        var hit = await unit.StoreHitAsync("AMB3R1");
        var got = await platform.WaitForAsync(m => m.Count(x => x.Topic == topics.Read) >= 3001, TimeSpan.FromSeconds(60), "all reads");
        await uplink.StopAsync(CancellationToken.None);

        var records = got.Where(m => m.Topic == topics.Read || m.Topic == topics.Hit).ToList();
        int hitAt = records.FindIndex(m => m.Topic == topics.Hit);
        Assert.True(hitAt >= 0, "the hit never arrived");
        Assert.Equal(hit.HitIds[0], records[hitAt].Json.GetProperty("id").GetGuid());
        int readsAfter = records.Count - hitAt - 1;
        Assert.True(readsAfter > 1500, $"the hit waited behind the backlog: only {readsAfter} of 3001 reads came after it");
    }

    [Fact]
    public async Task Images_can_travel_on_their_own_topic_with_their_hash()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o => o.Images = ImageDelivery.Topic);
        using MosquittoSubscriber records = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/hit", "platform");
        using MosquittoSubscriber images = await MosquittoSubscriber.StartAsync(
            broker,
            "alpr/+/+/image/+",
            "platform-images",
            output: ["-F", "%t %x"]
        );
        var hit = await unit.StoreHitAsync("WNT3D1");
        using (UplinkService uplink = unit.Service())
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        JsonElement read = (await records.WaitForAsync(m => m.Count > 1, TimeSpan.FromSeconds(10), "the hit")).Last().Json.GetProperty("read");
        var got = await images.WaitForAsync(
            m => m.Count(x => x.Topic.Contains("/image/", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(10),
            "two images"
        );
        foreach (JsonElement image in read.GetProperty("images").EnumerateArray())
        {
            string sha = image.GetProperty("sha256").GetString()!;
            Assert.False(image.TryGetProperty("data", out _));
            Assert.Equal(unit.Topics.Image(sha), image.GetProperty("topic").GetString());
            byte[] bytes = Convert.FromHexString(got.First(m => m.Topic == unit.Topics.Image(sha)).Payload);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public async Task The_byte_rate_cap_holds_the_link_to_its_budget()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o => o.MaxBytesPerSecond = 40_000);
        await unit.StoreReadsAsync(24); // ~5 KB each on the wire
        var clock = Stopwatch.StartNew();
        using UplinkService uplink = unit.Service();
        await uplink.DrainAsync(CancellationToken.None);
        double seconds = clock.Elapsed.TotalSeconds;

        // The bucket starts full: a tenth of a second's worth may go at once.
        double rate = (uplink.Statistics.BytesSent - 4_000) / seconds;
        Assert.True(uplink.Statistics.BytesSent > 100_000, $"only {uplink.Statistics.BytesSent} bytes sent");
        Assert.True(rate < 40_000 * 1.1, $"{rate:F0} B/s went out against a cap of 40000 B/s");
        Assert.True(seconds > 1.5, $"{uplink.Statistics.BytesSent} bytes took only {seconds:F2} s");
    }

    [Fact]
    public async Task Health_is_reported_periodically_with_the_backlog_and_the_hot_list()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o => o.HealthInterval = TimeSpan.FromMilliseconds(500));
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/health", "platform");
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        var got = await platform.WaitForAsync(
            m => m.Count(x => x.Topic == unit.Topics.Health) >= 3,
            TimeSpan.FromSeconds(15),
            "three health reports"
        );
        await uplink.StopAsync(CancellationToken.None);

        JsonElement health = got.Last(m => m.Topic == unit.Topics.Health).Json;
        Assert.Equal("health", health.GetProperty("type").GetString());
        Assert.True(health.GetProperty("uptime_s").GetDouble() > 0);
        Assert.True(health.GetProperty("outbox").TryGetProperty("items", out _));
        Assert.Equal(0, health.GetProperty("hot_list").GetProperty("version").GetInt64());
        Assert.True(health.GetProperty("hot_list").GetProperty("stale").GetBoolean());
        Assert.False(health.GetProperty("storage").GetProperty("alarm").GetBoolean());
        AssertNamesTheBuild(health);
    }

    private static void AssertNamesTheBuild(JsonElement message)
    {
        Assert.Equal(BuildIdentity.Current.Version, message.GetProperty("agent_version").GetString());
        Assert.Equal(BuildIdentity.Current.Commit, message.GetProperty("agent_commit").GetString());
    }

    private static void AssertImagesMatchTheirHashes(JsonElement read, params string[] roles)
    {
        var images = read.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(roles, images.Select(i => i.GetProperty("role").GetString()));
        foreach (JsonElement image in images)
        {
            byte[] bytes = image.GetProperty("data").GetBytesFromBase64();
            Assert.Equal(image.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(image.GetProperty("bytes").GetInt64(), bytes.Length);
        }
    }
}
