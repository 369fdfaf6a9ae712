using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.HotLists;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Commands;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// The standing adversarial check of everything the unit subscribes to: random, damaged, replayed, foreign and
/// oversized payloads, at QoS 1 and 0, on the agency's hot-list topics and the unit's command topic, through Debian's
/// Mosquitto against the running uplink. Whatever arrives, the process's memory stays bounded, the audit trail grows by
/// a bounded number of aggregate events whose counts add up, nothing is thrown or logged as an error, nothing is left
/// on disk, and the list in use is the same object as before. The seed is random each run and named in any failure;
/// EDGEALPR_FUZZ_SEED replays one.
/// </summary>
[Collection(InboundMemoryCollection.Name)]
public sealed class InboundFuzzTests
{
    private const int Messages = 60;
    private const int MaxUpdateBytes = 1 << 20;

    [Fact]
    public async Task Sixty_hostile_messages_on_every_subscribed_topic_leave_memory_the_trail_and_the_list_bounded_and_unchanged()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("EDGEALPR_FUZZ_SEED"), CultureInfo.InvariantCulture, out int s)
            ? s
            : Random.Shared.Next();
        var random = new Random(seed);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, configureHotList: o => o.MaxUpdateBytes = MaxUpdateBytes);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/cmd-result", "platform");
        var log = new CapturedLog<UplinkService>();
        using var uplink = new UplinkService(unit.Store, unit.HotList, unit.Options, TimeProvider.System, log);
        await uplink.StartAsync(CancellationToken.None);
        await CommandTests.WaitConnectedAsync(uplink);
        await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, InboundFloodTests.Signed(unit, 5, 200));
        await Poll.UntilAsync(
            () => unit.Store.AuditLog.AuditSince(DateTimeOffset.MinValue, "hotlist_update").Count == 1,
            "the list in use to be applied"
        );
        HotListSnapshot before = unit.HotList.Current;
        DateTimeOffset since = DateTimeOffset.UtcNow;
        var samples = new Samples(unit);
        string[] topics = [unit.Topics.HotListFull, unit.Topics.HotListDelta, unit.Topics.Command];
        int sentQos1 = 0;

        await using (var memory = new InboundMemory())
        {
            for (int i = 0; i < Messages; i++)
            {
                string topic = topics[random.Next(topics.Length)];
                byte[] payload = samples.Next(random, topic);
                int qos = random.Next(2);
                await CommandTests.PublishAsync(broker, topic, payload, qos: qos);
                sentQos1 += qos;
            }

            // Handled in order: the answer to a signed ping sent last means everything before it was handled.
            PlatformCommand ping = CommandTests.Command(PlatformCommand.Ping);
            await CommandTests.PublishAsync(broker, unit.Topics.Command, CommandEnvelope.Create(ping, unit.PlatformKey));
            try
            {
                await platform.WaitForAsync(
                    m => m.Any(x => x.Topic == unit.Topics.CommandResult && x.Payload.Contains(ping.Id.ToString(), StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(60),
                    $"the answer to the ping after the fuzz (seed {seed})"
                );
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException($"{ex.Message}\nthe uplink's log:\n{log.Text}", ex);
            }
            long grown = memory.PeakRss - memory.RssBefore;
            Assert.True(grown < 100L << 20, $"seed {seed}: the process grew by {grown / 1048576.0:F0} MB");
        }

        await uplink.StopAsync(CancellationToken.None);

        Assert.Same(before, unit.HotList.Current);
        var refused = unit.Store.AuditLog.AuditSince(since, RefusedMessages.Action);
        int kinds = refused.Select(e => (e.Details["topic"]!.GetValue<string>(), e.Subject)).Distinct().Count();
        // At most two events per topic and reason in each minute: the first at once, the rest counted in one.
        Assert.InRange(refused.Count, 1, kinds * 2 * 2);
        // Every message was refused and counted, however large (a QoS 0 one may be lost on the way).
        Assert.InRange(refused.Sum(e => e.Details["count"]!.GetValue<int>()), sentQos1, Messages);
        Assert.DoesNotContain(unit.Store.AuditLog.AuditSince(since), e =>
            e.Action is not (RefusedMessages.Action or "platform_command") || e.Action == "platform_command" && e.Subject != "ping"
        );
        Assert.False(
            log.Text.Split('\n').Any(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)),
            $"seed {seed}: {log.Text}"
        );
        string incoming = Path.Combine(unit.Folder, "hotlist", "incoming");
        Assert.Empty(Directory.Exists(incoming) ? Directory.GetFiles(incoming) : []);
    }

    /// <summary>The kinds of hostile payload, each drawn with its own sizes.</summary>
    private sealed class Samples(UplinkHarness unit)
    {
        private readonly byte[] _replay = InboundFloodTests.Signed(unit, 4, 300);
        private readonly byte[] _stale = SignedUpdate.Create(
            UpdateKind.Delta,
            UplinkHarness.Agency,
            9,
            3,
            DateTimeOffset.UtcNow,
            "plate,category\nOLD1,stolen\n"u8,
            unit.PlatformKey
        );
        private readonly byte[] _command = CommandEnvelope.Create(CommandTests.Command(PlatformCommand.Purge), unit.PlatformKey);

        public byte[] Next(Random random, string topic)
        {
            int size = random.Next(4) switch
            {
                0 => random.Next(0, 4096),
                1 => random.Next(60_000, 70_000),
                2 => random.Next(70_000, 600_000),
                // Over the list's limit, just or far: refused unread, and never holding up what comes after.
                _ => random.Next(2) == 0
                    ? random.Next(MaxUpdateBytes + 1, MaxUpdateBytes + 60_000)
                    : random.Next(MaxUpdateBytes + 70_000, MaxUpdateBytes + 200_000),
            };
            return random.Next(7) switch
            {
                0 => RandomNumberGenerator.GetBytes(size),
                1 => InboundFloodTests.Forged(random.Next(6, 1000), Math.Max(size, 600)),
                2 => Damaged(random, _replay),
                3 => _replay,
                4 => _stale,
                5 => Damaged(random, _command),
                _ => [.. Encoding.ASCII.GetBytes($"{SignedUpdate.Magic}\nkind: full\nversion: 99\n"), .. RandomNumberGenerator.GetBytes(size)],
            };
        }

        private static byte[] Damaged(Random random, byte[] sample)
        {
            byte[] copy = sample.ToArray();
            for (int flips = random.Next(1, 8); flips > 0; flips--)
            {
                copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
            }

            return random.Next(3) == 0 ? copy[..random.Next(copy.Length)] : copy;
        }
    }
}
