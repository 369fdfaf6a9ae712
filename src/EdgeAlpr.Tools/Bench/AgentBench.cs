using System.CommandLine;
using System.Globalization;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Synthesis;
using EdgeAlpr.Tools.Demo;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench agent [--plates N] [--json]</c>: the whole agent on one synthetic clip,
/// three times in one run (after a warm-up) — a healthy link, a link capped to a trickle, and no link at all —
/// measuring what the design promises: the time from a read leaving recognition to its alert
/// does not depend on the link (nor does the time to make it durable), while delivery does. Then the agent's
/// footprint: <c>edge-alpr run</c> as a process of its own with a hot list of <c>--hot-list-entries</c> (2 million),
/// its peak resident set at a first start and a restart (<see cref="AgentFootprint"/>).
/// </summary>
public static class AgentBench
{
    public static Command Create()
    {
        var plates = new Option<int>("--plates") { Description = "Vehicles in the clip (default 6)", DefaultValueFactory = _ => 6 };
        var seed = new Option<int>("--seed") { Description = "Seed of the clip (default 7)", DefaultValueFactory = _ => 7 };
        var trickle = new Option<int>("--slow-bytes-per-second")
        {
            Description = "The capped link's rate (default 16000)",
            DefaultValueFactory = _ => 16000,
        };
        var entries = new Option<int>("--hot-list-entries")
        {
            Description = "Entries in the platform list of the footprint runs (default 2000000)",
            DefaultValueFactory = _ => 2_000_000,
        };
        var json = new Option<bool>("--json") { Description = "One JSON line per scenario, then the summary as the last line" };
        var command = new Command(
            "agent",
            "The agent end to end on a clip with a healthy, a trickling and a dead link: alert, storage and delivery latency"
        );
        foreach (Option o in new Option[] { plates, seed, trickle, entries, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                RunAsync(parse.GetValue(plates), parse.GetValue(seed), parse.GetValue(trickle), parse.GetValue(entries), parse.GetValue(json), ct)
        );
        return command;
    }

    private static async Task<int> RunAsync(int plates, int seed, int trickle, int entries, bool json, CancellationToken cancellationToken)
    {
        if (plates is < 1 or > 100 || trickle < 1000 || entries is < 1 or > 20_000_000)
        {
            await Console
                .Error.WriteLineAsync(
                    "edge-alpr: --plates must be between 1 and 100, --slow-bytes-per-second at least 1000 and --hot-list-entries between 1 and 20000000"
                )
                .ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        string dir = Path.Combine(Path.GetTempPath(), $"edge-alpr-bench-agent-{Guid.NewGuid():N}"[..34]);
        Directory.CreateDirectory(dir);
        try
        {
            string clip = Path.Combine(dir, "clip.mp4");
            SyntheticTruth truth = new TrafficClipRenderer().Render(clip, plates, seed, cancellationToken);
            List<string> listed = [.. truth.Plates.Where((_, i) => i % 2 == 1).Select(p => p.Text)];
            // The first run pays for compiling the alert path (the JIT): it is reported, and left out of the comparison.
            var scenarios = new (string Name, Dictionary<string, string?> Settings)[]
            {
                ("warm_up", []),
                ("link_up", []),
                ("link_slow", new() { ["Uplink:MaxBytesPerSecond"] = trickle.ToString(CultureInfo.InvariantCulture) }),
                (
                    "link_down",
                    new()
                    {
                        ["Uplink:Broker"] = $"mqtt://127.0.0.1:{DemoBroker.FreePort()}",
                        ["Uplink:ReconnectMax"] = "00:00:02",
                        ["Agent:DrainTimeout"] = "00:00:01",
                    }
                ),
            };
            var results = new List<ScenarioResult>();
            foreach ((string name, Dictionary<string, string?> settings) in scenarios)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: bench agent: {name}…").ConfigureAwait(false);
                DemoOutcome outcome = await new DemoSession()
                    .RunAsync(Path.Combine(dir, name), clip, listed, sound: false, LogLevel.Error, settings, null, cancellationToken)
                    .ConfigureAwait(false);
                if (outcome.Pipeline is not { } pipeline || outcome.ExitCode != ExitCodes.Ok)
                {
                    await Console
                        .Error.WriteLineAsync($"edge-alpr: bench agent: the {name} run failed (exit {outcome.ExitCode})")
                        .ConfigureAwait(false);
                    return ExitCodes.SomeInputsFailed;
                }

                ReadPathCounters c = pipeline.Counters;
                var result = new ScenarioResult(
                    name,
                    pipeline.Cameras().Sum(f => f.FramesCaptured),
                    c.Reads,
                    c.Hits,
                    c.Alerts,
                    c.AlertLatency.Percentile(50),
                    c.AlertLatency.Percentile(100),
                    c.StoreLatency.Percentile(50),
                    c.StoreLatency.Percentile(99),
                    outcome.ReadsReceived,
                    outcome.HitsReceived,
                    outcome.HitDeliveryMs.Count == 0 ? null : WireJson.Round(Percentile.Of([.. outcome.HitDeliveryMs], 50), 1),
                    WireJson.Round(outcome.Seconds, 1)
                );
                results.Add(result);
                if (json)
                {
                    await Console.Out.WriteLineAsync(WireJson.Line(result)).ConfigureAwait(false);
                }
            }

            IReadOnlyList<FootprintResult> footprint;
            try
            {
                footprint = await AgentFootprint
                    .RunAsync(Path.Combine(dir, "footprint"), clip, listed, entries, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: bench agent: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.SomeInputsFailed;
            }
            if (json)
            {
                foreach (FootprintResult f in footprint)
                {
                    await Console.Out.WriteLineAsync(WireJson.Line(f)).ConfigureAwait(false);
                }
            }

            ScenarioResult up = results[1],
                slow = results[2],
                down = results[3];
            var summary = new AgentBenchSummary(
                plates,
                truth.Frames,
                up.AlertP50Ms,
                slow.AlertP50Ms,
                down.AlertP50Ms,
                Ratio(slow.AlertP50Ms, up.AlertP50Ms),
                Ratio(down.AlertP50Ms, up.AlertP50Ms),
                Ratio(slow.StoreP50Ms, up.StoreP50Ms),
                Ratio(down.StoreP50Ms, up.StoreP50Ms),
                up.DeliveredReads,
                slow.DeliveredReads,
                down.DeliveredReads,
                up.HitDeliveryP50Ms,
                slow.HitDeliveryP50Ms,
                entries,
                footprint.Max(f => f.PeakRssMb)
            );
            await Console.Out.WriteLineAsync(json ? WireJson.Line(summary) : Describe(results, footprint, summary)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder; the system cleans it eventually.
            }
        }
    }

    private static double? Ratio(double? a, double? b) => a is { } x && b is > 0 ? WireJson.Round(x / b.Value, 2) : null;

    private static string Describe(List<ScenarioResult> results, IReadOnlyList<FootprintResult> footprint, AgentBenchSummary s) =>
        string.Join(
            '\n',
            results.Select(r =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{r.Scenario, -10} {r.Reads} reads, {r.Hits} hits; read → alert p50 {r.AlertP50Ms} ms (max {r.AlertMaxMs}); read → durable p50 {r.StoreP50Ms} ms (p99 {r.StoreP99Ms}); delivered {r.DeliveredReads} reads, {r.DeliveredHits} hits; hit → platform p50 {r.HitDeliveryP50Ms?.ToString(CultureInfo.InvariantCulture) ?? "–"} ms"
                )
            )
        )
        + string.Create(
            CultureInfo.InvariantCulture,
            $"\nalert latency with a slow link / a dead link, against a healthy one: {s.AlertRatioSlow} / {s.AlertRatioDown}"
        )
        + string.Concat(
            footprint.Select(f =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"\n{f.Scenario}: edge-alpr run with {f.HotListEntries} listed, peak RSS {f.PeakRssMb} MB ({f.RssAnonMbAtPeak} MB private, {f.RssFileMbAtPeak} MB mapped files); delivered {f.DeliveredReads} reads, {f.DeliveredHits} hits"
                )
            )
        );

    private sealed record ScenarioResult(
        string Scenario,
        long Frames,
        long Reads,
        long Hits,
        long Alerts,
        double? AlertP50Ms,
        double? AlertMaxMs,
        double? StoreP50Ms,
        double? StoreP99Ms,
        int DeliveredReads,
        int DeliveredHits,
        double? HitDeliveryP50Ms,
        double Seconds
    );

    private sealed record AgentBenchSummary(
        int Plates,
        int Frames,
        double? AlertP50MsUp,
        double? AlertP50MsSlow,
        double? AlertP50MsDown,
        double? AlertRatioSlow,
        double? AlertRatioDown,
        double? StoreRatioSlow,
        double? StoreRatioDown,
        int DeliveredReadsUp,
        int DeliveredReadsSlow,
        int DeliveredReadsDown,
        double? HitDeliveryP50MsUp,
        double? HitDeliveryP50MsSlow,
        int HotListEntries,
        double AgentPeakRssMb
    );
}
