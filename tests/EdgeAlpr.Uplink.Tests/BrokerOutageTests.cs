using EdgeAlpr.TestKit.Broker;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// The cellular link's everyday life: the broker goes away for a minute in the middle of a drain
/// while reads keep coming, then restarts. Nothing may be lost; a read may arrive twice, with its id.
/// </summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task Broker_stopped_for_60_s_while_5000_reads_queue_then_every_read_arrives()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        Topics topics = unit.Topics;
        var stored = new HashSet<Guid>(await unit.StoreReadsAsync(1500, "PRE"));
        var platform = await MosquittoSubscriber.StartAsync(broker, topics.Read, "platform");
        var seen = new List<MosquittoSubscriber.Received>();
        try
        {
            using UplinkService uplink = unit.Service();
            await uplink.StartAsync(CancellationToken.None);

            // Stop the broker in the middle of the drain: reads are in flight as it goes.
            await platform.WaitForAsync(m => m.Count >= 300, TimeSpan.FromSeconds(30), "the drain to be under way");
            await broker.StopAsync();
            DateTime down = DateTime.UtcNow;
            seen.AddRange(platform.Messages);
            platform.Dispose();

            for (int i = 0; i < 10; i++)
            {
                stored.UnionWith(await unit.StoreReadsAsync(500, $"Q{i}"));
            }

            Assert.False(uplink.State.Connected);
            TimeSpan left = TimeSpan.FromSeconds(60) - (DateTime.UtcNow - down);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }

            Assert.True(uplink.State.FailedAttempts > 3, $"the uplink tried to reconnect only {uplink.State.FailedAttempts} times in 60 s");
            Assert.Contains("cannot reach", uplink.State.LastError, StringComparison.Ordinal);
            await broker.StartAsync();
            // The platform's session was kept by the broker: it gets what was queued for it too.
            platform = await MosquittoSubscriber.StartAsync(broker, topics.Read, "platform");
            await platform.WaitForAsync(
                m => stored.IsSubsetOf(seen.Concat(m).Where(x => x.Topic == topics.Read).Select(x => x.Json.GetProperty("id").GetGuid())),
                TimeSpan.FromSeconds(120),
                "every one of the 6500 reads"
            );
            await uplink.StopAsync(CancellationToken.None);
            seen.AddRange(platform.Messages);
        }
        finally
        {
            platform.Dispose();
        }

        var ids = seen.Where(m => m.Topic == topics.Read).Select(m => m.Json.GetProperty("id").GetGuid()).ToList();
        Assert.True(stored.SetEquals(ids), $"{stored.Except(ids).Count()} reads lost, {ids.Except(stored).Count()} unknown ids");
        Assert.Equal(6500, stored.Count);
        Assert.Equal(0, unit.Store.Outbox.Backlog().Items);
    }
}
