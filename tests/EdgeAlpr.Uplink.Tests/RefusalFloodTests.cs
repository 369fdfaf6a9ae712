using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Commands;
using EdgeAlpr.Uplink.Inbound;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// A flood of refused commands through Debian's Mosquitto costs the audit trail a bounded number of aggregate events
/// and the broker a bounded number of answers; the replay memory still holds across a restart.
/// </summary>
public sealed class RefusalFloodTests
{
    private const int Flood = 500;
    private const int AnswersPerMinute = 5;

    [Fact]
    public async Task Five_hundred_unsigned_commands_are_a_few_aggregate_events_whose_counts_add_up_and_a_few_answers()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o => o.RefusalAnswersPerMinute = AnswersPerMinute);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/cmd-result", "platform");
        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await CommandTests.WaitConnectedAsync(uplink);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var elapsed = Stopwatch.StartNew();

        // One mosquitto_pub, one message per line.
        string lines = string.Concat(Enumerable.Range(0, Flood).Select(i => $$"""{"name":"purge","device_id":"unit-7","n":{{i}}}""" + "\n"));
        ProcessResult published = await ProcessRunner.RunAsync(
            "mosquitto_pub",
            ["-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-t", unit.Topics.Command, "-l"],
            stdin: lines,
            timeout: TimeSpan.FromSeconds(60)
        );
        Assert.True(published.ExitCode == 0, published.Stderr);
        // Messages are handled in order: the answer to a signed ping sent after the flood means the flood was handled.
        PlatformCommand ping = CommandTests.Command(PlatformCommand.Ping);
        await CommandTests.PublishAsync(broker, unit.Topics.Command, CommandEnvelope.Create(ping, unit.PlatformKey));
        await platform.WaitForAsync(
            m => m.Any(x => x.Topic == unit.Topics.CommandResult && CommandId(x.Json) == ping.Id.ToString()),
            TimeSpan.FromSeconds(60),
            "the answer to the ping sent after the flood"
        );
        await uplink.StopAsync(CancellationToken.None);
        // Windows of a minute the flood could have touched: answers and events are bounded per window.
        int windows = (int)elapsed.Elapsed.TotalMinutes + 2;

        IReadOnlyList<StoredAuditEvent> trail = unit.Store.AuditLog.AuditSince(since);
        var counted = trail.Where(e => e.Action == RefusedMessages.Action).ToList();
        Assert.Equal(Flood, counted.Sum(e => e.Details["count"]!.GetValue<int>()));
        Assert.InRange(counted.Count, 1, 2 * windows);
        Assert.All(counted, e =>
        {
            Assert.Equal((CommandRefusal.NotSigned, "platform"), (e.Subject, e.Actor));
            Assert.Equal(unit.Topics.Command, e.Details["topic"]!.GetValue<string>());
            Assert.InRange(e.Details["payload_sha256"]!.AsArray().Count, 1, RefusedMessages.MaxSamples);
        });
        // Nothing else for the platform's messages than the aggregates and the obeyed ping.
        Assert.DoesNotContain(trail, e => e.Action == "platform_command_refused");
        Assert.Equal(counted.Count + 1, trail.Count(e => e.Actor == "platform"));

        var answers = platform.On(unit.Topics.CommandResult).Where(m => m.Json.GetProperty("status").GetString() == "refused").ToList();
        Assert.InRange(answers.Count, AnswersPerMinute, AnswersPerMinute * windows);
        Assert.Equal(Flood - answers.Count, counted.Sum(e => e.Details["answers_dropped"]!.GetValue<int>()));
        Assert.Contains(platform.On(unit.Topics.CommandResult), m =>
            CommandId(m.Json) == ping.Id.ToString() && m.Json.GetProperty("status").GetString() == "done"
        );
    }

    [Fact]
    public async Task After_a_restart_an_obeyed_command_and_one_admitted_then_refused_are_still_replays()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/+/+/cmd-result", "platform");
        PlatformCommand ping = CommandTests.Command(PlatformCommand.Ping);
        PlatformCommand unknown = CommandTests.Command("format_disk");
        byte[][] envelopes = [CommandEnvelope.Create(ping, unit.PlatformKey), CommandEnvelope.Create(unknown, unit.PlatformKey)];

        using (UplinkService before = unit.Service())
        {
            await before.StartAsync(CancellationToken.None);
            await CommandTests.WaitConnectedAsync(before);
            foreach (byte[] envelope in envelopes)
            {
                await CommandTests.PublishAsync(broker, unit.Topics.Command, envelope);
            }

            await platform.WaitForAsync(m => m.Count(x => x.Topic == unit.Topics.CommandResult) >= 2, TimeSpan.FromSeconds(20), "two answers");
            await before.StopAsync(CancellationToken.None);
        }

        // A new process: the ids it must refuse come from the audit trail.
        using UplinkService after = unit.Service();
        await after.StartAsync(CancellationToken.None);
        await CommandTests.WaitConnectedAsync(after);
        foreach (byte[] envelope in envelopes)
        {
            await CommandTests.PublishAsync(broker, unit.Topics.Command, envelope);
        }

        var results = (
            await platform.WaitForAsync(m => m.Count(x => x.Topic == unit.Topics.CommandResult) >= 4, TimeSpan.FromSeconds(20), "four answers")
        )
            .Where(m => m.Topic == unit.Topics.CommandResult)
            .Select(m => m.Json)
            .ToList();
        await after.StopAsync(CancellationToken.None);

        Assert.Equal(["done", "refused", "refused", "refused"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("unknown command", results[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.All(results.Skip(2), r => Assert.Contains("already received", r.GetProperty("message").GetString(), StringComparison.Ordinal));
        var replays = unit
            .Store.AuditLog.AuditSince(DateTimeOffset.UtcNow.AddHours(-1), RefusedMessages.Action)
            .Where(e => e.Subject == CommandRefusal.Replay)
            .ToList();
        Assert.Equal(2, replays.Sum(e => e.Details["count"]!.GetValue<int>()));
        Assert.Equal(
            new[] { ping.Id.ToString(), unknown.Id.ToString() }.Order(StringComparer.Ordinal),
            replays.SelectMany(e => e.Details["command_ids"]!.AsArray()).Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void Answers_to_refusals_are_limited_per_sliding_minute()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var limit = new AnswerLimit(3, clock);
        Assert.Equal([true, true], [limit.TryTake(), limit.TryTake()]);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([true, false], [limit.TryTake(), limit.TryTake()]);
        // A minute after the first two, two answers are free again; the third is still within its minute.
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([true, true, false], [limit.TryTake(), limit.TryTake(), limit.TryTake()]);

        var never = new AnswerLimit(0, clock);
        Assert.False(never.TryTake());
    }

    private static string? CommandId(JsonElement result) => result.TryGetProperty("command_id", out JsonElement id) ? id.GetString() : null;
}
