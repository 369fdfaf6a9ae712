using System.CommandLine;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr store stats|purge|verify|repair|new-key</c>: the evidence store as an administrator sees
/// it. <c>stats</c> and <c>verify</c> ask the running agent when it runs (<see cref="StoreInspectionCli"/>); the others
/// open the store themselves, so the agent must not be running on it (a repair says so).
/// </summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var store = new Command("store", "The evidence store: what it holds, retention purge, integrity check, key");
        store.Subcommands.Add(Stats());
        store.Subcommands.Add(Purge());
        store.Subcommands.Add(Verify());
        store.Subcommands.Add(Repair());
        store.Subcommands.Add(NewKey());
        return store;
    }

    private static Command Stats()
    {
        var cli = new StoreInspectionCli();
        var command = new Command(
            "stats",
            "Counts, what is not yet forwarded, space used, retention and quota; through the running agent when it runs (--as an admin or auditor)"
        );
        cli.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    (evidence, user, token) =>
                        ShowAsync(
                            user is null ? evidence.Administration.Stats() : new InspectStore(evidence.Administration, evidence.AuditLog).Stats(user),
                            parse.GetValue(cli.Store.Json)
                        ),
                    async (agent, token) =>
                    {
                        JsonElement answer = await agent.GetAsync("api/store/stats", token).ConfigureAwait(false);
                        StoreStats stats = answer.Deserialize<StoreStats>(WireJson.Options)
                            ?? throw new InvalidDataException("the agent answered no stats");
                        return await ShowAsync(stats, parse.GetValue(cli.Store.Json)).ConfigureAwait(false);
                    },
                    ct
                )
        );
        return command;
    }

    /// <summary>The stats as one JSON line or a table: the same whether read here or through the agent.</summary>
    private static async Task<int> ShowAsync(StoreStats stats, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(WireJson.Line(stats)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("reads (routine / serious)", $"{stats.Reads} ({stats.RoutineReads} / {stats.SeriousReads})");
        table.AddRow("reads not yet forwarded", stats.ReadsNotForwarded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("oldest read / oldest not forwarded", $"{stats.OldestRead:u} / {stats.OldestNotForwarded:u}");
        table.AddRow("reads whose images were dropped (quota)", stats.ReadsWithoutImages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("hits (not forwarded)", $"{stats.Hits} ({stats.HitsNotForwarded})");
        table.AddRow("dispositions / audit events", $"{stats.Dispositions} / {stats.AuditEvents}");
        table.AddRow("outbox (retrying)", $"{stats.Outbox} ({stats.OutboxRetrying})");
        table.AddRow("database / images", $"{Megabytes(stats.DatabaseBytes)} / {stats.ImageFiles} files, {Megabytes(stats.ImageBytes)}");
        table.AddRow("quota / disk free", $"{(stats.QuotaBytes > 0 ? Megabytes(stats.QuotaBytes) : "none")} / {Megabytes(stats.DiskFreeBytes)}");
        table.AddRow("retention: reads / serious", $"{stats.ReadRetentionDays:F0} d / {stats.SeriousRetentionDays:F0} d");
        RetentionHealth given = stats.Retention;
        table.AddRow(
            "reads purged at retention before forwarding",
            given.UnforwardedReadsPurged == 0 ? "0" : $"{given.UnforwardedReadsPurged} (last {given.LastUnforwardedPurgeAt:u})"
        );
        table.AddRow(
            "scene images of new routine reads (quota)",
            given.ContextImagesPaused
                ? $"PAUSED since {given.ContextImagesPausedSince:u}; {given.ContextImagesNotKept} not kept in all"
                : $"kept; {given.ContextImagesNotKept} not kept in all"
        );
        table.AddRow("forwarded reads: images / records dropped (quota)", $"{given.QuotaImagesDropped} / {given.QuotaReadsDropped}");
        if (given.OverQuota)
        {
            table.AddRow("OVER QUOTA, nothing left it may delete", Megabytes(given.BytesOverQuota));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static Command Purge()
    {
        var cli = new StoreOptionsCli();
        var dryRun = new Option<bool>("--dry-run") { Description = "Only report what would be purged" };
        var orphans = new Option<bool>("--orphans") { Description = "Also remove image files no read refers to (crash leftovers over an hour old)" };
        var actor = new Option<string>("--actor")
        {
            Description = "Who runs the purge, for the audit trail (default: the login name)",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var command = new Command(
            "purge",
            "Apply retention: remove routine reads past their retention (forwarded or not) and forwarded serious records past theirs, with their images"
        );
        cli.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(orphans);
        command.Options.Add(actor);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (evidence, token) =>
                    {
                        PurgeReport report = new PurgeByRetention(evidence.Retention).Run(
                            parse.GetValue(actor)!,
                            parse.GetValue(dryRun),
                            parse.GetValue(orphans)
                        );
                        await Console.Out.WriteLineAsync(WireJson.Line(report)).ConfigureAwait(false);
                        if (report.UnforwardedReads > 0)
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    $"edge-alpr: {report.UnforwardedReads} of the reads {(report.DryRun ? "due" : "purged")} were never forwarded to the platform: routine reads go at their retention term (captured before {report.RoutineCutoff:u}) whether forwarded or not; {(report.DryRun ? "a purge audits them" : "audited")} as unforwarded_reads_purged"
                                )
                                .ConfigureAwait(false);
                        }

                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

    private static Command Verify()
    {
        var cli = new StoreInspectionCli();
        var command = new Command(
            "verify",
            "Check every database page, record and index, the manifest, and every image against its record; one line per problem, exit 1 on any. Through the running agent when it runs (--as an auditor or admin)"
        );
        cli.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    (evidence, user, token) =>
                        ReportAsync(
                            user is null
                                ? evidence.Administration.Verify(cancellationToken: token)
                                : new InspectStore(evidence.Administration, evidence.AuditLog).Verify(user, token)
                        ),
                    async (agent, token) =>
                    {
                        JsonElement answer = await agent.PostAsync("api/store/verify", new { }, token).ConfigureAwait(false);
                        VerifyReport report = answer.Deserialize<VerifyReport>(WireJson.Options)
                            ?? throw new InvalidDataException("the agent answered no verification");
                        return await ReportAsync(report).ConfigureAwait(false);
                    },
                    ct,
                    async (options, key, token) =>
                    {
                        // The database does not open: check its files page by page instead.
                        IReadOnlyList<string> problems = EvidenceStore.CheckFiles(options, key, token);
                        foreach (string problem in problems)
                        {
                            await Console.Error.WriteLineAsync($"edge-alpr: DAMAGED {problem}").ConfigureAwait(false);
                        }

                        await Console
                            .Error.WriteLineAsync(
                                "edge-alpr: the store does not open; 'edge-alpr store repair' moves the damaged files aside and salvages what can be read"
                            )
                            .ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(WireJson.Line(new StoreFileCheck(false, problems))).ConfigureAwait(false);
                        return ExitCodes.SomeInputsFailed;
                    }
                )
        );
        return command;
    }

    /// <summary>One line per problem on stderr, the report as JSON: the same whether checked here or by the agent.</summary>
    private static async Task<int> ReportAsync(VerifyReport report)
    {
        foreach (string sha in report.CorruptImages)
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: CORRUPT image {sha}: its file does not open or its bytes no longer match its SHA-256")
                .ConfigureAwait(false);
        }

        foreach (string foreign in report.ForeignFiles)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: FOREIGN file images/{foreign}").ConfigureAwait(false);
        }

        if (report.CrashLeftovers > 0)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: note: {report.CrashLeftovers} image files cut short by a crash before their read was stored (not evidence; 'store purge --orphans' removes them)"
                )
                .ConfigureAwait(false);
        }

        foreach (MissingImage missing in report.MissingImages)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: MISSING image {missing.Sha256} of read {missing.ReadId}").ConfigureAwait(false);
        }

        foreach (string problem in report.DatabaseProblems)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: database: {problem}").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(WireJson.Line(report)).ConfigureAwait(false);
        return report.Ok ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    private static Command Repair()
    {
        var cli = new StoreOptionsCli();
        var force = new Option<bool>("--force") { Description = "Rebuild the store even when it shows no damage" };
        var command = new Command(
            "repair",
            "Move a damaged store's files to quarantine/ (kept), salvage every readable record into a fresh store, and audit it"
        );
        cli.AddTo(command);
        command.Options.Add(force);
        command.SetAction(
            (parse, ct) =>
                cli.RunOfflineAsync(
                    parse,
                    async (options, key, services, token) =>
                    {
                        StoreRepairReport? report = EvidenceStore.Repair(
                            options,
                            key,
                            services.GetRequiredService<TimeProvider>(),
                            services.GetRequiredService<ILogger<EvidenceStore>>(),
                            parse.GetValue(force)
                        );
                        if (report is null)
                        {
                            await Console.Error.WriteLineAsync("edge-alpr: the store shows no damage; nothing was changed").ConfigureAwait(false);
                            await Console.Out.WriteLineAsync(WireJson.Line(new StoreFileCheck(true, []))).ConfigureAwait(false);
                            return ExitCodes.Ok;
                        }

                        await Console.Out.WriteLineAsync(WireJson.Line(report)).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    // Never through the agent: a repair replaces the database files the agent holds open.
                    (options, services, token) =>
                        StoreInspectionCli.RefuseWhileAgentRunsAsync(
                            options,
                            services,
                            "the agent is running on this store: stop it before a repair (a repair replaces the files it holds open; the agent also repairs a damaged store itself when it starts)",
                            token
                        )
                )
        );
        return command;
    }

    private static Command NewKey()
    {
        var output = new Option<string>("--out")
        {
            Description = "Key file to create (mode 0600); an existing file is never replaced",
            Required = true,
        };
        var command = new Command("new-key", "Create a random store key file readable by its owner only");
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            try
            {
                StoreKey.Create(path);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"edge-alpr: {ex.Message}");
                return ExitCodes.UsageOrConfiguration;
            }

            Console.Error.WriteLine(
                $"edge-alpr: wrote a new store key to {path}; keep a copy where the unit's administrators keep secrets: without it the store cannot be read"
            );
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:F1} MB";
}

/// <summary>Options every store command takes, and opening the store from them.</summary>
internal sealed class StoreOptionsCli
{
    private readonly bool _ownsShared;

    public StoreOptionsCli()
        : this(
            "--dir",
            new Option<bool>("--json") { Description = "Print JSON instead of a table" },
            new Option<bool>("--verbose", "-v") { Description = "Log details on stderr" },
            owns: true
        ) { }

    /// <summary>
    /// For a command whose own options already hold <c>--dir</c>, <c>--json</c> and <c>--verbose</c> (the hot list's):
    /// the store's folder under <paramref name="directoryName"/>, the command's JSON and verbose options shared.
    /// </summary>
    public StoreOptionsCli(string directoryName, Option<bool> json, Option<bool> verbose)
        : this(directoryName, json, verbose, owns: false) { }

    private StoreOptionsCli(string directoryName, Option<bool> json, Option<bool> verbose, bool owns)
    {
        Directory = new(directoryName) { Description = "The store's folder (default: Store:Directory, /var/lib/edge-alpr/store)" };
        Json = json;
        Verbose = verbose;
        _ownsShared = owns;
    }

    public Option<string?> Directory { get; }

    public Option<string?> KeyFile { get; } =
        new("--key-file") { Description = "File with the store key (default: Store:KeyFile; the EDGEALPR_STORE_KEY variable wins when set)" };

    public Option<bool> Json { get; }

    public Option<bool> Verbose { get; }

    /// <summary>More settings the command's own options override (the hot list's folder and key), beside the store's.</summary>
    public Func<ParseResult, Dictionary<string, string?>>? MoreOverrides { get; init; }

    public void AddTo(Command command)
    {
        foreach (Option option in _ownsShared ? new Option[] { Directory, KeyFile, Json, Verbose } : [Directory, KeyFile])
        {
            command.Options.Add(option);
        }
    }

    public Task<int> RunAsync(
        ParseResult parse,
        Func<EvidenceStore, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        Func<StoreOptions, StoreKey, CancellationToken, Task<int>>? damaged = null
    ) => RunAsync(parse, (store, _, token) => body(store, token), damaged, create: false, cancellationToken);

    /// <summary>
    /// As the other, with the host's services, and making the store when <paramref name="create"/> and it is absent.
    /// <paramref name="viaAgent"/>, when given, is tried first: while the agent runs it holds the store, and a command
    /// that can ask it instead answers through it (a result), or says it cannot (null) and the store is opened.
    /// </summary>
    public Task<int> RunAsync(
        ParseResult parse,
        Func<EvidenceStore, IServiceProvider, CancellationToken, Task<int>> body,
        Func<StoreOptions, StoreKey, CancellationToken, Task<int>>? damaged,
        bool create,
        CancellationToken cancellationToken,
        Func<StoreOptions, IServiceProvider, CancellationToken, Task<int?>>? viaAgent = null
    ) =>
        RunOfflineAsync(
            parse,
            async (options, key, services, token) =>
            {
                EvidenceStore store;
                try
                {
                    store = EvidenceStore.Open(
                        options,
                        key,
                        services.GetRequiredService<TimeProvider>(),
                        services.GetRequiredService<ILogger<EvidenceStore>>(),
                        create
                    );
                }
                catch (StoreDamagedException) when (damaged is not null)
                {
                    return await damaged(options, key, token).ConfigureAwait(false);
                }

                await using (store)
                {
                    return await body(store, services, token).ConfigureAwait(false);
                }
            },
            cancellationToken,
            viaAgent
        );

    /// <summary>Runs <paramref name="body"/> with the store's settings and key, without opening it (check, repair).</summary>
    public Task<int> RunOfflineAsync(
        ParseResult parse,
        Func<StoreOptions, StoreKey, IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        Func<StoreOptions, IServiceProvider, CancellationToken, Task<int?>>? viaAgent = null
    )
    {
        Dictionary<string, string?> overrides = MoreOverrides?.Invoke(parse) ?? [];
        EngineOptions.Set(overrides, "Store:Directory", parse.GetValue(Directory));
        EngineOptions.Set(overrides, "Store:KeyFile", parse.GetValue(KeyFile));
        return CommandRunner.RunAsync(
            overrides,
            parse.GetValue(Verbose) ? LogLevel.Debug : null,
            async (services, token) =>
            {
                StoreOptions options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
                // Before the key is read: a person asking the running agent need not be able to read the store's key.
                if (viaAgent is not null && await viaAgent(options, services, token).ConfigureAwait(false) is { } answered)
                {
                    return answered;
                }

                return await body(options, StoreKey.Resolve(options), services, token).ConfigureAwait(false);
            },
            cancellationToken
        );
    }
}
