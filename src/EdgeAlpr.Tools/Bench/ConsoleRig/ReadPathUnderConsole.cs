using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Synthesis;
using EdgeAlpr.Tools.Demo;
using EdgeAlpr.WebConsole.Certificates;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Tools.Bench.ConsoleRig;

/// <summary>
/// The whole agent on one synthetic clip (as <c>bench agent</c>), with the console off and then on with an officer's
/// screen polling it (reads and hits every 250 ms, eight times the page's rate): the read → alert latency of each, so
/// the console's cost to the read path is measured, not assumed.
/// </summary>
internal static class ReadPathUnderConsole
{
    /// <summary>One run's read path: reads, hits, read → alert p50 and max, and the console requests served meanwhile.</summary>
    public sealed record Run(string Bench, long Reads, long Hits, double? AlertP50Ms, double? AlertMaxMs, double? StoreP50Ms, int ConsoleRequests);

    public static async Task<IReadOnlyList<Run>> MeasureAsync(string folder, int plates, CancellationToken cancellationToken)
    {
        string clip = Path.Combine(folder, "clip.mp4");
        SyntheticTruth truth = new TrafficClipRenderer().Render(clip, plates, 7, cancellationToken);
        List<string> listed = [.. truth.Plates.Where((_, i) => i % 2 == 1).Select(p => p.Text)];
        var runs = new List<Run>();
        // The first run pays for compiling the read path (the JIT): left out of the comparison.
        foreach (string name in new[] { "read_path_warm_up", "read_path_console_off", "read_path_console_on" })
        {
            bool console = name.EndsWith("_on", StringComparison.Ordinal);
            string runFolder = Path.Combine(folder, name);
            int port = BenchConsole.FreePort();
            Dictionary<string, string?> settings = console
                ? new() { ["Console:Port"] = port.ToString(CultureInfo.InvariantCulture), ["Console:LocalSocket"] = "false" }
                : new() { ["Console:LocalSocket"] = "false" };
            using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var polls = new int[1];
            Task poller = console
                ? PollAsync(new Uri($"https://127.0.0.1:{port}/"), Path.Combine(runFolder, ConsoleCertificate.FileName), polls, stopPolling.Token)
                : Task.CompletedTask;
            DemoOutcome outcome = await new DemoSession { PrepareStore = console ? BenchConsole.AddPeople : null }
                .RunAsync(runFolder, clip, listed, sound: false, LogLevel.Error, settings, null, cancellationToken)
                .ConfigureAwait(false);
            await stopPolling.CancelAsync().ConfigureAwait(false);
            await poller.ConfigureAwait(false);
            if (outcome.Pipeline is not { } pipeline || outcome.ExitCode != ExitCodes.Ok)
            {
                throw new InvalidOperationException($"the {name} run failed (exit {outcome.ExitCode})");
            }

            ReadPathCounters c = pipeline.Counters;
            runs.Add(
                new Run(name, c.Reads, c.Hits, c.AlertLatency.Percentile(50), c.AlertLatency.Percentile(100), c.StoreLatency.Percentile(50), polls[0])
            );
        }

        return runs;
    }

    // An officer's screen: waits for the console (its certificate appears beside the store at start), signs in, and
    // asks for the newest reads and the hits until told to stop. Every answer must be a success.
    private static async Task PollAsync(Uri address, string certificateFile, int[] polls, CancellationToken cancellationToken)
    {
        try
        {
            HttpClient? client = null;
            while (client is null)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                if (!File.Exists(certificateFile))
                {
                    continue;
                }

                try
                {
                    using X509Certificate2 trusted = X509Certificate2.CreateFromPemFile(certificateFile);
                    client = await BenchConsole.SignedInAsync(address, trusted.RawData, "ofc.bench", cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            using (client)
            {
                while (true)
                {
                    foreach (string path in new[] { "/api/reads?limit=50", "/api/hits?all=true" })
                    {
                        using HttpResponseMessage answer = await client
                            .GetAsync(new Uri(path, UriKind.Relative), cancellationToken)
                            .ConfigureAwait(false);
                        answer.EnsureSuccessStatusCode();
                        polls[0]++;
                    }

                    await Task.Delay(250, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            // The clip ended and the agent stopped (with its console) before this was told to stop. A console that
            // stopped answering mid-run shows as a low count of requests served (console_requests).
        }
    }
}
