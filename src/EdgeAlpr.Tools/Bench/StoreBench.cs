using System.CommandLine;
using System.Diagnostics;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench store --reads N --json</c>: durable insert rate of reads with two images
/// (~20 KB plate, ~60 KB scene) from many cameras at once, then the rate the outbox drains at,
/// and the space a read takes. Every read counted is acknowledged only once fsynced.
/// </summary>
public static class StoreBench
{
    private const int PlateImageBytes = 20_000;
    private const int ContextImageBytes = 60_000;

    public static Command Create()
    {
        var reads = new Option<int>("--reads") { Description = "Reads to store (default 20000)", DefaultValueFactory = _ => 20_000 };
        var inFlight = new Option<int>("--in-flight")
        {
            Description = "Reads submitted and not yet acknowledged at most (default 512)",
            DefaultValueFactory = _ => 512,
        };
        var directory = new Option<string?>("--dir")
        {
            Description =
                "Store in this folder and keep it (key from --key-file, Store:KeyFile or EDGEALPR_STORE_KEY); default: a temporary store, deleted after",
        };
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "File with the store key, as for the store commands (default: Store:KeyFile; EDGEALPR_STORE_KEY wins when set)",
        };
        var printStored = new Option<bool>("--print-stored") { Description = "Print 'stored <read id>' on stdout as each read becomes durable" };
        var json = new Option<bool>("--json") { Description = "Print only the JSON summary as the last stdout line" };
        reads.Between(1, 10_000_000);
        inFlight.Between(1, 100_000);
        var command = new Command("store", "Durable insert rate, outbox drain rate and bytes per read of the evidence store");
        foreach (Option o in new Option[] { reads, inFlight, directory, keyFile, printStored, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                string? kept = parse.GetValue(directory);
                string folder = kept ?? Directory.CreateTempSubdirectory("edge-alpr-bench-store-").FullName;
                try
                {
                    var overrides = new Dictionary<string, string?>();
                    EngineOptions.Set(overrides, "Store:Directory", folder);
                    string? key = parse.GetValue(keyFile);
                    EngineOptions.Set(overrides, "Store:KeyFile", key);

                    return await CommandRunner
                        .RunAsync(
                            overrides,
                            null,
                            (services, token) =>
                                RunAsync(
                                    services,
                                    parse.GetValue(reads),
                                    parse.GetValue(inFlight),
                                    kept is not null || key is not null,
                                    parse.GetValue(printStored),
                                    parse.GetValue(json),
                                    token
                                ),
                            ct
                        )
                        .ConfigureAwait(false);
                }
                finally
                {
                    if (kept is null)
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
            }
        );
        return command;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services,
        int count,
        int inFlight,
        bool configuredKey,
        bool printStored,
        bool json,
        CancellationToken cancellationToken
    )
    {
        StoreOptions options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        // A kept store, or one named a key for, is opened with the configured key; a throwaway store with a random one.
        StoreKey key = configuredKey ? StoreKey.Resolve(options) : StoreKey.Generate();
        ILogger<EvidenceStore> logger = services.GetRequiredService<ILogger<EvidenceStore>>();
        var latencies = new double[count];
        StoreBenchSummary summaryBeforeClose;
        await using (EvidenceStore store = EvidenceStore.Open(options, key, TimeProvider.System, logger))
        {
            using var window = new SemaphoreSlim(inFlight, inFlight);
            var pending = new List<Task>(count);
            var stdout = TextWriter.Synchronized(Console.Out);
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                int index = i;
                long submitted = Stopwatch.GetTimestamp();
                Task<StoredReceipt> stored = store.Reads.StoreAsync(
                    new ReadSubmission(BenchReads.Make(index, PlateImageBytes, ContextImageBytes), []),
                    cancellationToken
                );
                pending.Add(
                    stored
                        .ContinueWith(
                            t =>
                            {
                                window.Release();
                                if (t.IsCompletedSuccessfully)
                                {
                                    latencies[index] = Stopwatch.GetElapsedTime(submitted).TotalMilliseconds;
                                    if (printStored)
                                    {
                                        stdout.WriteLine($"stored {t.Result.ReadId}");
                                        stdout.Flush();
                                    }
                                }

                                return t;
                            },
                            CancellationToken.None,
                            TaskContinuationOptions.ExecuteSynchronously,
                            TaskScheduler.Default
                        )
                        .Unwrap()
                );
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            double insertSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            StoreStats stats = store.Administration.Stats();

            long drainStart = Stopwatch.GetTimestamp();
            int drained = 0;
            while (store.Outbox.PendingOutbox(256) is { Count: > 0 } batch)
            {
                drained += store.Outbox.MarkForwarded(batch.Select(b => b.Id).ToList());
            }

            double drainSeconds = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;
            var summary = new StoreBenchSummary(
                count,
                WireJson.Round(count / insertSeconds, 1),
                WireJson.Round(drained / drainSeconds, 1),
                drained,
                stats.DatabaseBytes / count,
                stats.ImageBytes / count,
                WireJson.Round(Percentile.Of(latencies, 50), 2),
                WireJson.Round(Percentile.Of(latencies, 99), 2),
                WireJson.Round(insertSeconds, 2),
                WireJson.Round(drainSeconds, 2),
                options.MaxBatch,
                inFlight,
                options.SyncParallelism
            );
            if (!json)
            {
                await Console
                    .Error.WriteLineAsync(
                        $"edge-alpr: {count} reads durable at {summary.InsertPerS}/s (ack p50 {summary.AckP50Ms} ms, p99 {summary.AckP99Ms} ms); outbox drained at {summary.DrainPerS}/s; {summary.BytesPerRead} database bytes per read"
                    )
                    .ConfigureAwait(false);
            }

            summaryBeforeClose = summary;
        }

        // Measured on the files as they are at rest, after the store is closed.
        (double ratio, long blocks) = BlockRepetition.Measure(options.Directory);
        StoreBenchSummary done = summaryBeforeClose with
        {
            Encrypted = EvidenceStore.IsSealedAtRest(options.Directory),
            DuplicateBlockRatio = WireJson.Round(ratio, 4),
            BlocksCompared = blocks,
        };
        await Console.Out.WriteLineAsync(WireJson.Line(done)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private sealed record StoreBenchSummary(
        int Reads,
        double InsertPerS,
        double DrainPerS,
        int OutboxItemsDrained,
        long BytesPerRead,
        long ImageBytesPerRead,
        double AckP50Ms,
        double AckP99Ms,
        double InsertSeconds,
        double DrainSeconds,
        int MaxBatch,
        int InFlight,
        int SyncParallelism
    )
    {
        /// <summary>Every database page and image file is sealed (AES-256-GCM).</summary>
        public bool Encrypted { get; init; }

        /// <summary>Share of 16-byte blocks that repeat an earlier one across the store's files (ECB shows ~0.5; sealed ~0).</summary>
        public double DuplicateBlockRatio { get; init; }

        public long BlocksCompared { get; init; }
    }
}
