using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.Uplink.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench uplink --broker mqtt://127.0.0.1:PORT --messages N --json</c>: queues N reads
/// (plate crop inline, scene withheld as for routine reads) in a temporary store, forwards them
/// through the real uplink, and counts what an independent subscriber on the same broker got:
/// delivered, lost, duplicated; the rate; publish-to-PUBACK latency.
/// </summary>
public static class UplinkBench
{
    private const int PlateImageBytes = 8_000;
    private const int ContextImageBytes = 60_000;

    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "The broker to measure against, e.g. mqtt://127.0.0.1:1883", Required = true };
        var messages = new Option<int>("--messages") { Description = "Reads to forward (default 10000)", DefaultValueFactory = _ => 10_000 };
        var inFlight = new Option<int>("--in-flight") { Description = "Messages awaiting PUBACK at most (default: Uplink:MaxInFlight, 32)" };
        var json = new Option<bool>("--json") { Description = "Print only the JSON summary as the last stdout line" };
        messages.Between(1, 1_000_000);
        var command = new Command(
            "uplink",
            "At-least-once delivery through a real broker: delivered, lost, duplicates, rate, publish-to-PUBACK latency"
        );
        foreach (Option o in new Option[] { broker, messages, inFlight, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                string folder = Directory.CreateTempSubdirectory("edge-alpr-bench-uplink-").FullName;
                try
                {
                    string device = "bench-" + Guid.NewGuid().ToString("N")[..8];
                    var overrides = new Dictionary<string, string?>
                    {
                        ["Store:Directory"] = Path.Combine(folder, "store"),
                        ["HotList:Directory"] = Path.Combine(folder, "hotlist"),
                        ["Uplink:Broker"] = parse.GetValue(broker),
                        ["Uplink:TopicPrefix"] = "edge-alpr-bench",
                        ["Uplink:Agency"] = "bench",
                        ["Uplink:DeviceId"] = device,
                    };
                    EngineOptions.Set<int?>(overrides, "Uplink:MaxInFlight", parse.GetValue(inFlight) is > 0 and var n ? n : null);
                    return await CommandRunner
                        .RunAsync(
                            overrides,
                            null,
                            withUplink: true,
                            (services, token) => RunAsync(services, parse.GetValue(messages), parse.GetValue(json), token),
                            ct
                        )
                        .ConfigureAwait(false);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        );
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int count, bool json, CancellationToken cancellationToken)
    {
        UplinkOptions options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UplinkOptions>>().Value;
        StoreOptions storeOptions = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value;
        HotListService hotList = services.GetRequiredService<HotListService>();
        await hotList.LoadAsync(cancellationToken).ConfigureAwait(false);
        await using EvidenceStore store = EvidenceStore.Open(storeOptions, StoreKey.Generate(), TimeProvider.System, NullLogger.Instance);
        var ids = new HashSet<Guid>(count);
        var stored = new List<Task>(count);
        for (int i = 0; i < count; i++)
        {
            var read = BenchReads.Make(i, PlateImageBytes, ContextImageBytes);
            ids.Add(read.Id);
            stored.Add(store.Reads.StoreAsync(new ReadSubmission(read, []), cancellationToken));
        }

        await Task.WhenAll(stored).ConfigureAwait(false);
        if (!json)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: {count} reads queued; forwarding to {options.Broker}").ConfigureAwait(false);
        }

        // The platform's side: an independent connection that counts every read it is handed.
        var received = new ConcurrentDictionary<Guid, int>();
        long receivedTotal = 0;
        using IMqttClient subscriber = new MqttClientFactory().CreateMqttClient();
        BrokerAddress address = BrokerAddress.Parse(options.Broker);
        await subscriber
            .ConnectAsync(
                new MqttClientOptionsBuilder()
                    .WithTcpServer(address.Host, address.Port)
                    .WithClientId("edge-alpr-bench-platform-" + options.DeviceId)
                    .Build(),
                cancellationToken
            )
            .ConfigureAwait(false);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            using JsonDocument doc = JsonDocument.Parse(e.ApplicationMessage.Payload);
            received.AddOrUpdate(doc.RootElement.GetProperty("id").GetGuid(), 1, (_, c) => c + 1);
            Interlocked.Increment(ref receivedTotal);
            return Task.CompletedTask;
        };
        var topics = new Topics(options.TopicPrefix, options.Agency, options.DeviceId);
        await subscriber.SubscribeAsync(topics.Read, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);

        var statistics = new UplinkStatistics(latencySamples: count + 1024);
        using var uplink = new UplinkService(
            store,
            hotList,
            options,
            TimeProvider.System,
            services.GetRequiredService<ILogger<UplinkService>>(),
            statistics: statistics
        );
        long start = Stopwatch.GetTimestamp();
        await uplink.DrainAsync(cancellationToken).ConfigureAwait(false);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Everything is acknowledged by the broker; give its delivery to the subscriber a moment.
        var quiet = Stopwatch.StartNew();
        long seen = -1;
        while (received.Count < count && quiet.Elapsed < TimeSpan.FromSeconds(10))
        {
            long now = Interlocked.Read(ref receivedTotal);
            if (now != seen)
            {
                seen = now;
                quiet.Restart();
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        int unique = received.Keys.Count(ids.Contains);
        double[] latencies = statistics.Latencies();
        var summary = new UplinkBenchSummary(
            count,
            unique,
            count - unique,
            Interlocked.Read(ref receivedTotal) - received.Count,
            WireJson.Round(count / seconds, 1),
            WireJson.Round(Percentile.Of(latencies, 50), 2),
            WireJson.Round(Percentile.Of(latencies, 99), 2),
            WireJson.Round(seconds, 2),
            statistics.Messages,
            statistics.BytesSent / Math.Max(1, statistics.Messages),
            statistics.Window,
            store.Outbox.Backlog().Items,
            options.Broker
        );
        await subscriber.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
        if (!json)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: {summary.Delivered}/{count} reads delivered ({summary.Lost} lost, {summary.Duplicates} duplicates) at {summary.MsgsPerS}/s; PUBACK p50 {summary.P50Ms} ms, p99 {summary.P99Ms} ms"
                )
                .ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
        return summary.Lost == 0 ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    private sealed record UplinkBenchSummary(
        int Messages,
        int Delivered,
        int Lost,
        long Duplicates,
        double MsgsPerS,
        double P50Ms,
        double P99Ms,
        double DrainSeconds,
        long MqttMessages,
        long BytesPerMessage,
        int InFlight,
        int OutboxLeft,
        string Broker
    );
}
