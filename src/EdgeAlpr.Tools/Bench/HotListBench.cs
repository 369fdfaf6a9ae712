using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr bench hotlist --entries N [--wildcards W] --json</c>: generates a realistic signed
/// list, loads it the way a unit does at boot (verify, parse, index), then times exact lookups and
/// full fuzzy checks of five-candidate reads, one at a time.
/// </summary>
public static class HotListBench
{
    private const int CandidatesPerRead = 5;

    // The agency the benchmark's list is signed for and its unit belongs to.
    private const string BenchAgency = "bench-pd";

    public static Command Create()
    {
        var entries = new Option<int>("--entries")
        {
            Description = "Entries in the generated list (default 2000000)",
            DefaultValueFactory = _ => 2_000_000,
        };
        var wildcards = new Option<int>("--wildcards")
        {
            Description = "Partial plates ('*') added to the list (default 0)",
            DefaultValueFactory = _ => 0,
        };
        var queries = new Option<int>("--queries")
        {
            Description = "Timed lookups of each kind (default 100000)",
            DefaultValueFactory = _ => 100_000,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed of the generated list and reads", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print only the JSON summary line on stdout" };
        entries.Between(1, 20_000_000);
        wildcards.Between(0, 1_000_000);
        queries.Between(100, 10_000_000);
        var command = new Command("hotlist", "Load time, memory and lookup latency of the hot list at scale");
        foreach (Option o in new Option[] { entries, wildcards, queries, seed, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                try
                {
                    return await RunAsync(
                            parse.GetValue(entries),
                            parse.GetValue(wildcards),
                            parse.GetValue(queries),
                            parse.GetValue(seed),
                            parse.GetValue(json),
                            ct
                        )
                        .ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return ExitCodes.Cancelled;
                }
            }
        );
        return command;
    }

    private static async Task<int> RunAsync(int entries, int wildcards, int queries, int seed, bool json, CancellationToken cancellationToken)
    {
        string work = Directory.CreateTempSubdirectory("edge-alpr-bench-hotlist-").FullName;
        try
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var generator = new SyntheticHotList(seed);
            long start = Stopwatch.GetTimestamp();
            string keyPath = Path.Combine(work, "platform.pub.pem");
            var options = new HotListOptions
            {
                Directory = Path.Combine(work, "state"),
                PublicKeyPath = keyPath,
                Agency = BenchAgency,
            };
            // The unit's copy key comes from its store key; a run's own stands in for it, the same for both starts.
            HotListCopyKey copyKey = HotListCopyKey.From(RandomNumberGenerator.GetBytes(HotListCopyKey.Length));
            (List<(string Plate, string? State)> listed, long fileBytes) = Generate(generator, entries, wildcards, now, options.Directory, keyPath);
            double generateMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Log($"generated {entries} entries + {wildcards} partial plates ({fileBytes / 1e6:F1} MB signed) in {generateMs / 1000:F1} s");

            using ILoggerFactory logs = LoggerFactory.Create(b =>
                b.AddSimpleConsole(o => o.SingleLine = true).AddFilter(l => l >= (json ? LogLevel.Warning : LogLevel.Information))
            );

            // First start with a new list: verify the signed file, parse the CSV, build the indexes
            // (and keep the binary copy). The same work as accepting a full update.
            double importMs = await FirstStartAsync(options, copyKey, logs, cancellationToken).ConfigureAwait(false);

            // Every later start (power cycle): verify the signed file again, read the kept copy, build the indexes.
            using var service = new HotListService(options, copyKey, TimeProvider.System, logs.CreateLogger<HotListService>());
            start = Stopwatch.GetTimestamp();
            await LoadAsync(service, cancellationToken).ConfigureAwait(false);
            double loadMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            HotListSnapshot snapshot = service.Current;

            // Every array the loaded list holds, from their lengths: exact, where a heap delta in a
            // process that just generated and parsed the list is blurred by what the runtime keeps.
            long managed = snapshot.IndexBytes;
            Log(
                $"first start (parse) {importMs:F0} ms; restart (kept copy) {snapshot.Count} entries in {loadMs:F0} ms, {managed / (double)snapshot.Count:F1} bytes per entry"
            );

            var random = new Random(seed + 1);
            var exactReads = new PlateCandidate[queries][];
            var exactStates = new string?[queries];
            var fuzzyReads = new PlateCandidate[queries][];
            var fuzzyStates = new string?[queries];
            var listedRead = new bool[queries];
            for (int q = 0; q < queries; q++)
            {
                // Half the reads are listed plates, half passing traffic.
                bool isListed = q % 2 == 0;
                (string plate, string? state) = isListed ? listed[random.Next(listed.Count)] : (generator.Plate(), generator.State());
                exactReads[q] = [new PlateCandidate(plate, 0.9f)];
                exactStates[q] = state;
                (string fuzzyPlate, string? fuzzyState) = isListed ? listed[random.Next(listed.Count)] : (generator.Plate(), generator.State());
                fuzzyReads[q] = OcrCandidates(fuzzyPlate, random);
                fuzzyStates[q] = fuzzyState;
                listedRead[q] = isListed;
            }

            var matches = new List<HotListMatch>(64);

            // Untimed warm-up: a unit runs for days, so what counts is the steady state after the
            // JIT has optimised the lookup path, not its first thousand calls.
            for (int q = 0; q < Math.Min(queries, 20_000); q++)
            {
                matches.Clear();
                snapshot.Match(exactReads[q], exactStates[q], now, matches, MatchScope.Exact);
                matches.Clear();
                snapshot.Match(fuzzyReads[q], fuzzyStates[q], now, matches);
            }

            var exactNs = new double[queries];
            int exactFound = 0;
            for (int q = 0; q < queries; q++)
            {
                matches.Clear();
                long t = Stopwatch.GetTimestamp();
                snapshot.Match(exactReads[q], exactStates[q], now, matches, MatchScope.Exact);
                exactNs[q] = Nanoseconds(t);
                exactFound += q % 2 == 0 && matches.Count > 0 ? 1 : 0;
            }

            var fuzzyNs = new double[queries];
            var noWildcardNs = new List<double>(wildcards > 0 ? queries : 0);
            int passingWithHit = 0;
            int listedWithHit = 0;
            var passingByKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (int q = 0; q < queries; q++)
            {
                // Interleaved, alternating which goes first, so noise and warm caches fall on both alike.
                if (wildcards > 0 && q % 2 == 0)
                {
                    noWildcardNs.Add(TimeFuzzy(snapshot, fuzzyReads[q], fuzzyStates[q], now, matches, MatchScope.All & ~MatchScope.Wildcard));
                }

                fuzzyNs[q] = TimeFuzzy(snapshot, fuzzyReads[q], fuzzyStates[q], now, matches, MatchScope.All);
                if (wildcards > 0 && q % 2 == 1)
                {
                    noWildcardNs.Add(TimeFuzzy(snapshot, fuzzyReads[q], fuzzyStates[q], now, matches, MatchScope.All & ~MatchScope.Wildcard));

                    // That cleared the full check's matches: match again, untimed, for the hit counts.
                    matches.Clear();
                    snapshot.Match(fuzzyReads[q], fuzzyStates[q], now, matches);
                }

                if (listedRead[q])
                {
                    listedWithHit += matches.Count > 0 ? 1 : 0;
                }
                else
                {
                    passingWithHit += matches.Count > 0 ? 1 : 0;
                    foreach (HotListMatch m in matches)
                    {
                        string kind = MatchKinds.WireName(m.Kind);
                        passingByKind[kind] = passingByKind.GetValueOrDefault(kind) + 1;
                    }
                }
            }

            int count = snapshot.Count;
            double fuzzyP99 = Percentile.Of(fuzzyNs, 99);
            var record = new HotListBenchRecord(
                count,
                snapshot.WildcardCount,
                snapshot.WildcardPatterns,
                fileBytes,
                WireJson.Round(generateMs, 0),
                WireJson.Round(loadMs, 0),
                WireJson.Round(importMs, 0),
                managed,
                WireJson.Round(managed / (double)count, 1),
                queries,
                WireJson.Round(Percentile.Of(exactNs, 50), 0),
                WireJson.Round(Percentile.Of(exactNs, 99), 0),
                CandidatesPerRead,
                WireJson.Round(Percentile.Of(fuzzyNs, 50), 0),
                WireJson.Round(fuzzyP99, 0),
                wildcards > 0 ? WireJson.Round(Percentile.Of(noWildcardNs, 50), 0) : null,
                wildcards > 0 ? WireJson.Round(Percentile.Of(noWildcardNs, 99), 0) : null,
                wildcards > 0 ? WireJson.Round(fuzzyP99 / Percentile.Of(noWildcardNs, 99), 3) : null,
                WireJson.Round(exactFound / (double)((queries + 1) / 2), 4),
                WireJson.Round(listedWithHit / (double)((queries + 1) / 2), 4),
                WireJson.Round(passingWithHit / (double)(queries / 2), 4),
                passingByKind
            );
            if (!json)
            {
                Log(
                    $"exact p50 {record.ExactLookupNsP50} ns, p99 {record.ExactLookupNsP99} ns; fuzzy ({CandidatesPerRead} candidates) p50 {record.FuzzyLookupNsP50} ns, p99 {record.FuzzyLookupNsP99} ns"
                );
            }

            await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Five readings as an OCR gives them: the plate, then confusions, a dropped and a doubled character.</summary>
    private static PlateCandidate[] OcrCandidates(string plate, Random random)
    {
        const string confusable = "0ODQ1IL2Z5S8B6G";
        string Swap(string p)
        {
            int i = random.Next(p.Length);
            int at = confusable.IndexOf(p[i], StringComparison.Ordinal);
            char replacement = at >= 0 ? confusable[(at + 1) % confusable.Length] : (char)('A' + random.Next(26));
            return string.Concat(p.AsSpan(0, i), [replacement], p.AsSpan(i + 1));
        }

        int drop = random.Next(plate.Length);
        int twice = random.Next(plate.Length);
        return
        [
            new PlateCandidate(plate, 0.62f),
            new PlateCandidate(Swap(plate), 0.15f),
            new PlateCandidate(string.Concat(plate.AsSpan(0, drop), plate.AsSpan(drop + 1)), 0.08f),
            new PlateCandidate(string.Concat(plate.AsSpan(0, twice + 1), plate.AsSpan(twice)), 0.05f),
            new PlateCandidate(Swap(Swap(plate)), 0.03f),
        ];
    }

    /// <summary>
    /// Writes a realistic list, signed with a fresh key, as the unit's kept full update. A method of
    /// its own, so the list's bytes are unreachable once it returns and do not blur the memory figure.
    /// </summary>
    private static (List<(string Plate, string? State)> Listed, long FileBytes) Generate(
        SyntheticHotList generator,
        int entries,
        int wildcards,
        DateTimeOffset now,
        string directory,
        string publicKeyPath
    )
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(publicKeyPath, key.ExportSubjectPublicKeyInfoPem());
        var payload = new MemoryStream();
        List<(string, string?)> listed;
        using (var writer = new StreamWriter(payload, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            listed = generator.WriteCsv(writer, entries, wildcards, now, sampleSize: 20_000);
        }

        byte[] signed = SignedUpdate.Create(UpdateKind.Full, BenchAgency, 1, null, now, payload.GetBuffer().AsSpan(0, (int)payload.Length), key);
        new HotListStore(directory).SaveFull(signed);
        return (listed, signed.Length);
    }

    // A method of its own, so nothing of the first start stays reachable from the second.
    private static async Task<double> FirstStartAsync(
        HotListOptions options,
        HotListCopyKey copyKey,
        ILoggerFactory logs,
        CancellationToken cancellationToken
    )
    {
        using var first = new HotListService(options, copyKey, TimeProvider.System, logs.CreateLogger<HotListService>());
        long start = Stopwatch.GetTimestamp();
        await LoadAsync(first, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task LoadAsync(HotListService service, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems = await service.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"the generated list did not load: {problems[0]}");
        }
    }

    private static double TimeFuzzy(
        HotListSnapshot snapshot,
        PlateCandidate[] read,
        string? state,
        DateTimeOffset now,
        List<HotListMatch> matches,
        MatchScope scope
    )
    {
        matches.Clear();
        long t = Stopwatch.GetTimestamp();
        snapshot.Match(read, state, now, matches, scope);
        return Nanoseconds(t);
    }

    // Raw timestamps: TimeSpan would round to 100 ns, the size of what is measured.
    private static double Nanoseconds(long start) => (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency;

    // Progress goes to stderr always: stdout carries only the figures.
    private static void Log(string message) => Console.Error.WriteLine($"bench hotlist: {message}");

    private sealed record HotListBenchRecord(
        int Entries,
        int Wildcards,
        int WildcardPatterns,
        long FileBytes,
        double GenerateMs,
        double LoadMs,
        double ImportMs,
        long ManagedBytes,
        double BytesPerEntry,
        int Queries,
        double ExactLookupNsP50,
        double ExactLookupNsP99,
        int CandidatesPerRead,
        double FuzzyLookupNsP50,
        double FuzzyLookupNsP99,
        double? FuzzyWithoutWildcardsNsP50,
        double? FuzzyWithoutWildcardsNsP99,
        double? WildcardSlowdownP99,
        double ListedExactFoundRate,
        double ListedReadHitRate,
        double PassingReadHitRate,
        IReadOnlyDictionary<string, int> PassingReadMatchesByKind
    );
}
