using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Search;
using EdgeAlpr.Export;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench policy</c> (JSON lines): what the policy machinery costs on this machine, in one
/// run on a temporary store: an audited write (chained, committed), verifying the chain,
/// authorised searches over many kept reads (exact, partial with a known start, partial
/// starting with a wildcard), and sealing and opening an evidence package (PBKDF2 included).
/// </summary>
public static class PolicyBench
{
    private static readonly AuthorisedUse Use = new("BENCH-0001", "benchmark of the search path on synthetic reads");

    // The bench searches as an investigator would; the store it fills is its own, so nobody signs in.
    private static readonly AuthenticatedUser Bench = new(
        "bench",
        "policy benchmark",
        [Role.Investigator],
        "IL0160000",
        RolePermissions.Of([Role.Investigator])
    );

    public static Command Create()
    {
        var reads = new Option<int>("--reads") { Description = "Reads in the store searched (default 10000)", DefaultValueFactory = _ => 10_000 };
        var events = new Option<int>("--events") { Description = "Audited writes timed (default 2000)", DefaultValueFactory = _ => 2000 };
        var searches = new Option<int>("--searches") { Description = "Searches timed per kind (default 30)", DefaultValueFactory = _ => 30 };
        var packageMb = new Option<int>("--package-mb")
        {
            Description = "Image bytes sealed into the package, in MB (default 16)",
            DefaultValueFactory = _ => 16,
        };
        foreach ((Option<int> option, int max) in new[] { (reads, 1_000_000), (events, 1_000_000), (searches, 10_000), (packageMb, 1024) })
        {
            option.Between(1, max);
        }

        var command = new Command("policy", "Cost of audited writes, chain verification, authorised search and evidence packages");
        foreach (Option o in new Option[] { reads, events, searches, packageMb })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                string folder = Directory.CreateTempSubdirectory("edge-alpr-bench-policy-").FullName;
                try
                {
                    await RunAsync(folder, parse.GetValue(reads), parse.GetValue(events), parse.GetValue(searches), parse.GetValue(packageMb), ct)
                        .ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return ExitCodes.Cancelled;
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        );
        return command;
    }

    private static async Task RunAsync(
        string folder,
        int readCount,
        int eventCount,
        int searchCount,
        int packageMb,
        CancellationToken cancellationToken
    )
    {
        var options = new StoreOptions { Directory = Path.Combine(folder, "store"), MinFreeMegabytes = 0 };
        await using EvidenceStore store = EvidenceStore.Open(options, StoreKey.Generate(), TimeProvider.System, NullLogger.Instance);

        // Small images: the search path reads records, not pictures.
        var pending = new List<Task<StoredReceipt>>(readCount);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < readCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Add(store.Reads.StoreAsync(new ReadSubmission(BenchReads.Make(i, 600, 1800), []), cancellationToken));
            if (pending.Count % 512 == 0)
            {
                await Task.WhenAll(pending[^512..]).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        double loadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Emit(
                new
                {
                    bench = "load",
                    reads = readCount,
                    seconds = WireJson.Round(loadSeconds, 2),
                }
            )
            .ConfigureAwait(false);

        var append = new double[eventCount];
        for (int i = 0; i < eventCount; i++)
        {
            long t = Stopwatch.GetTimestamp();
            store.AuditLog.RecordAudit(
                "bench_event",
                null,
                new Dictionary<string, object?> { ["n"] = i, ["note"] = "an event of the size of a hit disposition's" },
                "bench"
            );
            append[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        await Emit(
                new
                {
                    bench = "audit_append",
                    events = eventCount,
                    p50_ms = P(append, 50),
                    p99_ms = P(append, 99),
                }
            )
            .ConfigureAwait(false);

        var verifyRuns = new double[3];
        long verified = 0;
        for (int i = 0; i < verifyRuns.Length; i++)
        {
            long t = Stopwatch.GetTimestamp();
            AuditVerification v = store.AuditLog.VerifyAudit(cancellationToken: cancellationToken);
            verifyRuns[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            verified = v.Ok ? v.Events : throw new InvalidOperationException($"the benchmark's own chain does not verify: {v.FirstBreak!.Problem}");
        }

        double verifyMs = P(verifyRuns, 50);
        await Emit(
                new
                {
                    bench = "audit_verify",
                    events = verified,
                    median_ms = verifyMs,
                    events_per_s = WireJson.Round(verified / (verifyMs / 1000), 0),
                }
            )
            .ConfigureAwait(false);

        // Interleaved per round, so the machine's noise falls on every kind alike.
        (string Kind, Func<int, PlateSearch> Make)[] kinds =
        [
            ("exact", i => PlateSearch.Create($"BEN{(i * 7919) % 10000:D4}", null, null, null)),
            ("partial_prefix", i => PlateSearch.Create(null, $"BEN{(i * 31) % 100:D2}*", null, null)),
            ("partial_leading_wildcard", i => PlateSearch.Create(null, $"*{(i * 13) % 1000:D3}", null, null)),
        ];
        var searches = new SearchReads(store.Search, store.AuditLog);
        var timings = kinds.ToDictionary(k => k.Kind, _ => new double[searchCount]);
        var found = kinds.ToDictionary(k => k.Kind, _ => 0L);
        for (int i = 0; i < searchCount; i++)
        {
            foreach ((string kind, Func<int, PlateSearch> make) in kinds)
            {
                long t = Stopwatch.GetTimestamp();
                SearchResult result = searches.Run(Bench, make(i), Use, limit: 100);
                timings[kind][i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                found[kind] += result.Total;
            }
        }

        foreach ((string kind, _) in kinds)
        {
            await Emit(
                    new
                    {
                        bench = "search",
                        kind,
                        reads = readCount,
                        searches = searchCount,
                        p50_ms = P(timings[kind], 50),
                        p90_ms = P(timings[kind], 90),
                        mean_results = WireJson.Round(found[kind] / (double)searchCount, 1),
                    }
                )
                .ConfigureAwait(false);
        }

        await PackageAsync(folder, packageMb).ConfigureAwait(false);
    }

    private static async Task PackageAsync(string folder, int packageMb)
    {
        // Opening requires a metadata document; an empty list of reads keeps the bench about sealing and opening bytes.
        var files = new List<PackageFile> { new("metadata.json", "{\"reads\":[]}"u8.ToArray()) };
        for (int i = 0; i * 80_000 < packageMb * 1_000_000; i++)
        {
            files.Add(new PackageFile($"images/read-{i}/plate.jpg", RandomNumberGenerator.GetBytes(20_000)));
            files.Add(new PackageFile($"images/read-{i}/context.jpg", RandomNumberGenerator.GetBytes(60_000)));
        }

        double megabytes = files.Sum(f => f.Bytes.Length) / 1e6;
        var kdf = new double[3];
        for (int i = 0; i < kdf.Length; i++)
        {
            long t = Stopwatch.GetTimestamp();
            using PackageKey key = PackageKey.FromPassphrase(
                "benchmark passphrase, long enough",
                RandomNumberGenerator.GetBytes(PackageKey.SaltBytes)
            );
            kdf[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        var seal = new double[3];
        var open = new double[3];
        for (int i = 0; i < seal.Length; i++)
        {
            string path = Path.Combine(folder, $"bench-{i}.alprx");
            long t = Stopwatch.GetTimestamp();
            PackageReceipt receipt = EvidencePackage.Write(path, files, PackageSecret.NewRandomKey(), DateTimeOffset.UtcNow);
            seal[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            EvidencePackage.Open(path, PackageSecret.FromKey(receipt.KeyText!), Path.Combine(folder, $"opened-{i}"));
            open[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        await Emit(
                new
                {
                    bench = "package",
                    files = files.Count,
                    megabytes = WireJson.Round(megabytes, 1),
                    pbkdf2_iterations = PackageKey.Iterations,
                    pbkdf2_ms = P(kdf, 50),
                    seal_ms = P(seal, 50),
                    seal_mb_per_s = WireJson.Round(megabytes / (P(seal, 50) / 1000), 1),
                    open_ms = P(open, 50),
                    open_mb_per_s = WireJson.Round(megabytes / (P(open, 50) / 1000), 1),
                }
            )
            .ConfigureAwait(false);
    }

    private static double P(double[] values, double percentile) => WireJson.Round(Percentile.Of(values, percentile), 2);

    private static Task Emit(object line) => Console.Out.WriteLineAsync(WireJson.Line(line));
}
