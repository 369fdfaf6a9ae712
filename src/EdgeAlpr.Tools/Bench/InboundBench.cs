using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench inbound --broker mqtt://127.0.0.1:PORT --json</c>: the red team's memory attack and the
/// legitimate load it must not block, against a real broker with this process as the unit. First, forged hot-list
/// updates (a well-formed header signed by a stranger's key, then <c>--attack-mb</c> MB) are published on the agency's
/// delta topic by <c>mosquitto_pub</c> (another process, as an attacker is) while the uplink runs; then a signed full
/// list of <c>--entries</c> entries. Prints the process's resident set before and at its peak during each, the time
/// each took, and what became of the list. Needs mosquitto_pub (Debian's mosquitto-clients).
/// </summary>
public static class InboundBench
{
    private const string Agency = "bench";

    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "The broker to attack through, e.g. mqtt://127.0.0.1:1883", Required = true };
        var messages = new Option<int>("--attack-messages") { Description = "Forged updates to publish (default 6)", DefaultValueFactory = _ => 6 };
        var megabytes = new Option<int>("--attack-mb")
        {
            Description = "Size of each forged update in MB (default 150)",
            DefaultValueFactory = _ => 150,
        };
        var entries = new Option<int>("--entries")
        {
            Description = "Entries of the legitimate signed list sent after the attack (default 2000000)",
            DefaultValueFactory = _ => 2_000_000,
        };
        var json = new Option<bool>("--json") { Description = "Print only the JSON summary as the last stdout line" };
        messages.Between(1, 100);
        megabytes.Between(1, 250);
        entries.Between(1, 3_000_000);
        var command = new Command(
            "inbound",
            "Memory and time of forged large hot-list updates through a real broker, then of a legitimate large list"
        );
        foreach (Option o in new Option[] { broker, messages, megabytes, entries, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                string folder = Directory.CreateTempSubdirectory("edge-alpr-bench-inbound-").FullName;
                try
                {
                    var overrides = new Dictionary<string, string?>
                    {
                        ["Store:Directory"] = Path.Combine(folder, "store"),
                        ["HotList:Directory"] = Path.Combine(folder, "hotlist"),
                        ["HotList:PublicKeyPath"] = Path.Combine(folder, "platform.pub.pem"),
                        ["Uplink:Broker"] = parse.GetValue(broker),
                        ["Uplink:TopicPrefix"] = "edge-alpr-bench",
                        ["Uplink:Agency"] = Agency,
                        ["Uplink:DeviceId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
                    };
                    var run = new Run(folder, parse.GetValue(messages), parse.GetValue(megabytes), parse.GetValue(entries), parse.GetValue(json));
                    using var platform = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    await File.WriteAllTextAsync(overrides["HotList:PublicKeyPath"]!, platform.ExportSubjectPublicKeyInfoPem(), ct)
                        .ConfigureAwait(false);
                    return await CommandRunner
                        .RunAsync(overrides, null, withUplink: true, (services, token) => RunAsync(services, run, platform, token), ct)
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

    private static async Task<int> RunAsync(IServiceProvider services, Run run, ECDsa platform, CancellationToken cancellationToken)
    {
        UplinkOptions options = services.GetRequiredService<IOptions<UplinkOptions>>().Value;
        StoreOptions storeOptions = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        HotListService hotList = services.GetRequiredService<HotListService>();
        var topics = new Topics(options.TopicPrefix, options.Agency, options.DeviceId);
        string forged = Path.Combine(run.Folder, "forged.hotlist");
        string legitimate = Path.Combine(run.Folder, "legitimate.hotlist");
        WriteForged(forged, run.AttackMb);
        long legitimateBytes = WriteLegitimate(legitimate, run.Entries, platform);
        Log(
            run,
            $"{run.AttackMessages} forged updates of {run.AttackMb} MB and a signed list of {run.Entries} entries ({legitimateBytes / 1e6:F1} MB) written"
        );

        await hotList.LoadAsync(cancellationToken).ConfigureAwait(false);
        await hotList
            .ApplyUpdateAsync(
                SignedUpdate.Create(UpdateKind.Full, Agency, 1, null, DateTimeOffset.UtcNow, "plate,category\nBENCH1,stolen\n"u8, platform),
                cancellationToken
            )
            .ConfigureAwait(false);
        await using EvidenceStore store = EvidenceStore.Open(storeOptions, StoreKey.Generate(), TimeProvider.System, NullLogger.Instance);
        DateTimeOffset since = DateTimeOffset.UtcNow;
        using var uplink = new UplinkService(store, hotList, options, TimeProvider.System, services.GetRequiredService<ILogger<UplinkService>>());
        await uplink.StartAsync(cancellationToken).ConfigureAwait(false);
        while (!uplink.State.Connected)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        // Leftovers of writing the files are not the unit's: collected and returned before the baseline.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        long rssBefore = ProcessMemory.Rss();

        // The attack, then a tiny signed delta behind it: messages are handled in order, so its arrival ends the attack.
        Phase attack;
        await using (var memory = new ProcessMemory())
        {
            long start = Stopwatch.GetTimestamp();
            await Task.WhenAll(
                    Enumerable.Range(0, run.AttackMessages).Select(_ => PublishAsync(options.Broker, topics.HotListDelta, forged, cancellationToken))
                )
                .ConfigureAwait(false);
            string sentinel = Path.Combine(run.Folder, "sentinel.hotlist");
            await File.WriteAllBytesAsync(
                    sentinel,
                    SignedUpdate.Create(UpdateKind.Delta, Agency, 2, 1, DateTimeOffset.UtcNow, "plate,category\nBENCH2,stolen\n"u8, platform),
                    cancellationToken
                )
                .ConfigureAwait(false);
            await PublishAsync(options.Broker, topics.HotListDelta, sentinel, cancellationToken).ConfigureAwait(false);
            await WaitForVersionAsync(hotList, 2, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            attack = new Phase(Stopwatch.GetElapsedTime(start).TotalSeconds, memory.Peak);
        }

        int entriesAfterAttack = hotList.Current.Count;
        Log(run, $"attack handled in {attack.Seconds:F1} s, peak {attack.PeakRss / 1048576.0:F0} MB; sending the legitimate list");

        Phase legit;
        await using (var memory = new ProcessMemory())
        {
            long start = Stopwatch.GetTimestamp();
            await PublishAsync(options.Broker, topics.HotListFull, legitimate, cancellationToken).ConfigureAwait(false);
            await WaitForVersionAsync(hotList, 3, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            legit = new Phase(Stopwatch.GetElapsedTime(start).TotalSeconds, memory.Peak);
        }

        await uplink.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var refused = store.AuditLog.AuditSince(since, RefusedMessages.Action);
        var summary = new InboundBenchSummary(
            run.AttackMessages,
            run.AttackMb,
            Mb(rssBefore),
            Mb(attack.PeakRss),
            WireJson.Round(attack.Seconds, 1),
            refused.Where(e => e.Details["topic"]!.GetValue<string>() == topics.HotListDelta).Sum(e => e.Details["count"]!.GetValue<int>()),
            entriesAfterAttack,
            run.Entries,
            WireJson.Round(legitimateBytes / 1e6, 1),
            hotList.Current.Count,
            WireJson.Round(legit.Seconds, 1),
            Mb(legit.PeakRss),
            Directory.Exists(Path.Combine(run.Folder, "hotlist", "incoming"))
                ? Directory.GetFiles(Path.Combine(run.Folder, "hotlist", "incoming")).Length
                : 0
        );
        await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
        return summary.AttackRefused == run.AttackMessages && summary.LegitEntriesInUse > 0 ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    /// <summary>A header that parses, signed by a key that is not the platform's, then the bulk: written a chunk at a time.</summary>
    private static void WriteForged(string path, int megabytes)
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] header = SignedUpdate.Create(UpdateKind.Full, Agency, 1_000_000, null, DateTimeOffset.UtcNow, "plate,category\n"u8, stranger);
        using FileStream file = File.Create(path);
        file.Write(header);
        byte[] chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)'A');
        for (long left = ((long)megabytes << 20) - header.Length; left > 0; left -= chunk.Length)
        {
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }

    private static long WriteLegitimate(string path, int entries, ECDsa platform)
    {
        var payload = new MemoryStream();
        using (var writer = new StreamWriter(payload, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            new SyntheticHotList(7).WriteCsv(writer, entries, 0, DateTimeOffset.UtcNow, sampleSize: 1);
        }

        byte[] signed = SignedUpdate.Create(
            UpdateKind.Full,
            Agency,
            3,
            null,
            DateTimeOffset.UtcNow,
            payload.GetBuffer().AsSpan(0, (int)payload.Length),
            platform
        );
        File.WriteAllBytes(path, signed);
        return signed.Length;
    }

    private static async Task PublishAsync(string broker, string topic, string file, CancellationToken cancellationToken)
    {
        var address = BrokerAddress.Parse(broker);
        var start = new ProcessStartInfo("mosquitto_pub") { RedirectStandardError = true };
        foreach (
            string a in new[]
            {
                "-h",
                address.Host,
                "-p",
                address.Port.ToString(CultureInfo.InvariantCulture),
                "-V",
                "mqttv5",
                "-q",
                "1",
                "-t",
                topic,
                "-f",
                file,
            }
        )
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)
            ?? throw new InvalidOperationException("cannot start mosquitto_pub (Debian's mosquitto-clients)");
        string error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub failed ({process.ExitCode}): {error.Trim()}");
        }
    }

    private static async Task WaitForVersionAsync(HotListService hotList, long version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (hotList.Current.Version < version)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"the list did not reach version {version} within {timeout.TotalMinutes:F0} minutes");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static double Mb(long bytes) => WireJson.Round(bytes / 1048576.0, 0);

    private static void Log(Run run, string message)
    {
        if (!run.Json)
        {
            Console.Error.WriteLine($"edge-alpr: {message}");
        }
    }

    private sealed record Run(string Folder, int AttackMessages, int AttackMb, int Entries, bool Json);

    private sealed record Phase(double Seconds, long PeakRss);

    private sealed record InboundBenchSummary(
        int AttackMessages,
        int AttackMbEach,
        double RssBeforeMb,
        double AttackPeakRssMb,
        double AttackSeconds,
        int AttackRefused,
        int EntriesAfterAttack,
        int LegitEntries,
        double LegitMb,
        int LegitEntriesInUse,
        double LegitSeconds,
        double LegitPeakRssMb,
        int IncomingLeft
    );
}
