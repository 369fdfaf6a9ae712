using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using EdgeAlpr.Tools.Bench.ConsoleRig;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench console [--reads N] [--requests N] [--json]</c>: what the web console costs, in one run on a
/// store of the bench's own filled with N kept reads: p50/p99 of an officer's <c>GET /api/reads?limit=50</c> and of an
/// investigator's exact and partial searches (<c>POST /api/search</c>, each audited as the console audits it), over
/// HTTPS on loopback; and the process's resident memory before the console started and after it served them.
/// </summary>
public static class ConsoleBench
{
    public static Command Create()
    {
        var reads = new Option<int>("--reads") { Description = "Reads kept in the store (default 100000)", DefaultValueFactory = _ => 100_000 };
        var requests = new Option<int>("--requests") { Description = "Requests timed of each kind (default 200)", DefaultValueFactory = _ => 200 };
        var plates = new Option<int>("--plates")
        {
            Description = "Vehicles in the clip the read path is timed on, console off and on (default 6; 0 skips it)",
            DefaultValueFactory = _ => 6,
        };
        var json = new Option<bool>("--json") { Description = "JSON lines (read path, load, memory, each request kind), the summary last" };
        var command = new Command(
            "console",
            "The web console on a store of N reads: reads-list and search latency over HTTPS, and the memory the console adds"
        );
        foreach (Option o in new Option[] { reads, requests, plates, json })
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) => RunAsync(parse.GetValue(reads), parse.GetValue(requests), parse.GetValue(plates), ct));
        return command;
    }

    private static async Task<int> RunAsync(int readCount, int requestCount, int plates, CancellationToken cancellationToken)
    {
        if (readCount is < 100 or > 2_000_000 || requestCount is < 10 or > 100_000 || plates is < 0 or > 100)
        {
            await Console
                .Error.WriteLineAsync("edge-alpr: --reads must be 100 to 2000000, --requests 10 to 100000 and --plates 0 to 100")
                .ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        string folder = Path.Combine(Path.GetTempPath(), $"edge-alpr-bench-console-{Guid.NewGuid():N}"[..36]);
        Directory.CreateDirectory(folder);
        try
        {
            var options = new StoreOptions { Directory = Path.Combine(folder, "store"), MinFreeMegabytes = 0 };
            await using EvidenceStore store = EvidenceStore.Open(options, StoreKey.Generate(), TimeProvider.System, NullLogger.Instance);
            double loadSeconds = await LoadAsync(store, readCount, cancellationToken).ConfigureAwait(false);
            BenchConsole.AddPeople(store);
            await Emit(
                    new
                    {
                        bench = "load",
                        reads = readCount,
                        seconds = WireJson.Round(loadSeconds, 1),
                    }
                )
                .ConfigureAwait(false);

            long rssBefore = SettledRss();
            long anonymousBefore = ProcessMemory.RssAnonymous();
            long fileBefore = ProcessMemory.RssFile();
            long sharedBefore = ProcessMemory.RssShared();
            long managedBefore = GC.GetTotalMemory(forceFullCollection: false);
            await using BenchConsole console = await BenchConsole.StartAsync(store, folder, cancellationToken).ConfigureAwait(false);
            using HttpClient officer = await console.SignedInAsync("ofc.bench", cancellationToken).ConfigureAwait(false);
            using HttpClient investigator = await console.SignedInAsync("det.bench", cancellationToken).ConfigureAwait(false);

            var kinds = new (string Kind, HttpClient Client, Func<int, HttpRequestMessage> Make)[]
            {
                ("reads_limit_50", officer, _ => new HttpRequestMessage(HttpMethod.Get, "/api/reads?limit=50")),
                ("search_exact", investigator, i => Search($"{{\"plate\":\"BEN{i * 37 % 10000:D4}\"")),
                ("search_partial", investigator, i => Search($"{{\"partial\":\"BEN{i * 37 % 100:D2}*\"")),
            };
            var results = new List<ConsoleBenchResult>();
            foreach ((string kind, HttpClient client, Func<int, HttpRequestMessage> make) in kinds)
            {
                // Warm: the first requests pay for JIT, TLS session set-up and LiteDB's page cache.
                for (int i = 0; i < 10; i++)
                {
                    await SendAsync(client, make(i), cancellationToken).ConfigureAwait(false);
                }

                var timings = new double[requestCount];
                long found = 0;
                for (int i = 0; i < requestCount; i++)
                {
                    long t = Stopwatch.GetTimestamp();
                    found += await SendAsync(client, make(i), cancellationToken).ConfigureAwait(false);
                    timings[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }

                var result = new ConsoleBenchResult(
                    kind,
                    requestCount,
                    WireJson.Round(Percentile.Of(timings, 50), 2),
                    WireJson.Round(Percentile.Of(timings, 99), 2),
                    WireJson.Round(timings.Max(), 2),
                    found,
                    (SettledRss() - rssBefore) >> 20,
                    GC.GetTotalMemory(forceFullCollection: false) >> 20
                );
                results.Add(result);
                await Emit(result).ConfigureAwait(false);
            }

            long rssAfter = SettledRss();
            await Emit(
                    new
                    {
                        bench = "console_memory",
                        rss_before_mb = rssBefore >> 20,
                        rss_after_mb = rssAfter >> 20,
                        added_rss_mb = (rssAfter - rssBefore) >> 20,
                        added_anonymous_mb = (ProcessMemory.RssAnonymous() - anonymousBefore) >> 20,
                        added_file_mb = (ProcessMemory.RssFile() - fileBefore) >> 20,
                        added_shared_mb = (ProcessMemory.RssShared() - sharedBefore) >> 20,
                        managed_before_mb = managedBefore >> 20,
                        managed_after_mb = GC.GetTotalMemory(forceFullCollection: false) >> 20,
                        gc_committed_mb = GC.GetGCMemoryInfo().TotalCommittedBytes >> 20,
                    }
                )
                .ConfigureAwait(false);
            // After the memory is taken: the agent runs load ONNX Runtime and the console's assemblies into this process.
            IReadOnlyList<ReadPathUnderConsole.Run> readPath =
                plates == 0 ? [] : await ReadPathUnderConsole.MeasureAsync(folder, plates, cancellationToken).ConfigureAwait(false);
            foreach (ReadPathUnderConsole.Run run in readPath)
            {
                await Emit(run).ConfigureAwait(false);
            }

            await Emit(
                    new
                    {
                        bench = "console",
                        reads = readCount,
                        reads_p99_ms = results[0].P99Ms,
                        search_exact_p99_ms = results[1].P99Ms,
                        search_partial_p99_ms = results[2].P99Ms,
                        added_rss_mb = (rssAfter - rssBefore) >> 20,
                        alert_p50_ms_console_off = readPath.Count == 3 ? readPath[1].AlertP50Ms : null,
                        alert_p50_ms_console_on = readPath.Count == 3 ? readPath[2].AlertP50Ms : null,
                        alert_p50_ratio_on_off = readPath.Count == 3 && readPath[1].AlertP50Ms is > 0 && readPath[2].AlertP50Ms is { } on
                            ? WireJson.Round(on / readPath[1].AlertP50Ms!.Value, 2)
                            : (double?)null,
                        targets = new
                        {
                            reads_p99_ms = 50,
                            search_exact_p99_ms = 200,
                            added_rss_mb = 60,
                        },
                    }
                )
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static HttpRequestMessage Search(string start) =>
            new(HttpMethod.Post, "/api/search")
            {
                Content = new StringContent(
                    start + ",\"case_number\":\"26-004417\",\"purpose\":\"stolen vehicle reported 2026-11-20\",\"limit\":50}",
                    Encoding.UTF8,
                    "application/json"
                ),
            };
    }

    private static async Task<double> LoadAsync(EvidenceStore store, int readCount, CancellationToken cancellationToken)
    {
        // Small images: the console's lists and searches read records, not pictures.
        var pending = new List<Task<StoredReceipt>>(512);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < readCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Add(store.Reads.StoreAsync(new ReadSubmission(BenchReads.Make(i, 200, 400), []), cancellationToken));
            if (pending.Count == 512)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    // The bytes of the answer (every answer is read whole, as a browser would); an error answer stops the bench.
    private static async Task<long> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using HttpResponseMessage response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK
                ? body.Length
                : throw new InvalidOperationException(
                    $"{request.Method} {request.RequestUri} was answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}"
                );
        }
    }

    // Resident memory once the collector has given back what it can: what the console holds, not garbage in flight.
    private static long SettledRss()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return ProcessMemory.Rss();
    }

    private static Task Emit(object line) => Console.Out.WriteLineAsync(WireJson.Line(line));

    // AddedRssMb: resident memory added since before the console started, once this kind's requests are done.
    // ManagedMb: the managed heap then (LiteDB's page cache is managed arrays; Kestrel's and TLS's buffers are not all).
    private sealed record ConsoleBenchResult(
        string Bench,
        int Requests,
        double P50Ms,
        double P99Ms,
        double MaxMs,
        long AnswerBytes,
        long AddedRssMb,
        long ManagedMb
    );
}
