using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr hotlist add|remove|local|import</c>: a signed-in supervisor (<c>--as</c>) changes the unit's own
/// entries, or brings a list by hand. While the agent runs the command asks it over its socket, so the change is in
/// the list its cameras match against at once (and kept reads a new entry matches are raised as hits); else it
/// changes the kept list and signs in on the store itself. Either way the use case is <see cref="EditHotList"/>,
/// which records the person who signed in as who entered it, and audits the change under them.
/// </summary>
internal static class HotListEditCommands
{
    private const string Supervisor = "You: a supervisor (your own account on this unit); recorded as who made the change";

    public static Command Add()
    {
        var plate = new Argument<string>("PLATE") { Description = "The plate; '*' for each character not seen (at least 4 known)" };
        var category = new Option<string>("--category")
        {
            Description = "Category (default local_new_wanted)",
            DefaultValueFactory = _ => "local_new_wanted",
        };
        var reason = new Option<string>("--reason") { Description = "Why the plate is wanted (required)", Required = true };
        var expires = new Option<string?>("--expires") { Description = "When the entry stops matching: an ISO date (through that day, UTC) or time" };
        var state = new Option<string?>("--state") { Description = "State or jurisdiction" };
        var vehicle = new Option<string?>("--vehicle") { Description = "Make, model, colour" };
        var record = new Option<string?>("--record") { Description = "Case or record number" };
        var onBehalfOf = OnBehalfOf("The person you enter it for, when not yourself (name, rank, agency); recorded beside you, never instead");
        var reads = Reads();
        LocalEntryInput Input(ParseResult parse) =>
            new(
                parse.GetValue(plate),
                parse.GetValue(state),
                parse.GetValue(category),
                parse.GetValue(reason),
                parse.GetValue(expires),
                parse.GetValue(vehicle),
                parse.GetValue(record),
                parse.GetValue(onBehalfOf)
            );
        return Create(
            "add",
            "Add a local entry (a new wanted), recorded with who and when; live at once in the running agent, which matches its kept reads against it",
            c =>
            {
                c.Arguments.Add(plate);
                foreach (Option o in new Option[] { category, reason, expires, state, vehicle, record, onBehalfOf, reads })
                {
                    c.Options.Add(o);
                }
            },
            async (parse, edit, user, service, token) =>
            {
                await UseReadsAsync(parse, reads, service, token).ConfigureAwait(false);
                return HotListChangeWire.Of(await edit.AddLocalAsync(user, Input(parse), token).ConfigureAwait(false));
            },
            async (parse, agent, token) =>
            {
                WarnReadsUnused(parse, reads);
                var body = new LocalEntryRequestWire(
                    parse.GetValue(plate),
                    parse.GetValue(state),
                    parse.GetValue(category),
                    parse.GetValue(reason),
                    parse.GetValue(expires),
                    parse.GetValue(vehicle),
                    parse.GetValue(record),
                    parse.GetValue(onBehalfOf)
                );
                return Change(await agent.PostAsync("api/hotlist/local", body, token).ConfigureAwait(false));
            },
            parse => parse.GetValue(plate)!
        );
    }

    public static Command Remove()
    {
        var plate = new Argument<string>("PLATE") { Description = "The plate as listed (hotlist local shows them)" };
        var state = new Option<string?>("--state") { Description = "Its state, when the plate is listed locally in more than one" };
        var reason = new Option<string>("--reason")
        {
            Description = "Why it goes (required): recovered, cancelled, entered in error …",
            Required = true,
        };
        var onBehalfOf = OnBehalfOf("The person you remove it for, when not yourself; recorded beside you, never instead");
        return Create(
            "remove",
            "Remove a local entry (a recovered car); platform entries are the platform's to remove",
            c =>
            {
                c.Arguments.Add(plate);
                c.Options.Add(state);
                c.Options.Add(reason);
                c.Options.Add(onBehalfOf);
            },
            async (parse, edit, user, _, token) =>
                HotListChangeWire.Of(
                    await edit.RemoveLocalAsync(
                            user,
                            parse.GetValue(plate),
                            parse.GetValue(state),
                            parse.GetValue(reason),
                            parse.GetValue(onBehalfOf),
                            token
                        )
                        .ConfigureAwait(false)
                ),
            async (parse, agent, token) =>
                Change(
                    await agent
                        .PostAsync(
                            "api/hotlist/local/remove",
                            new LocalRemovalWire(parse.GetValue(plate), parse.GetValue(state), parse.GetValue(reason), parse.GetValue(onBehalfOf)),
                            token
                        )
                        .ConfigureAwait(false)
                ),
            parse => parse.GetValue(plate)!
        );
    }

    public static Command Import()
    {
        var file = new Argument<string>("FILE")
        {
            Description =
                "A signed platform update (a supervisor or an admin), or a plain list (CSV with a header, or PLATE;STATE;CATEGORY;… lines) added as local entries",
        };
        var category = new Option<string?>("--category") { Description = "Category for plain-list rows without one" };
        var source = new Option<string?>("--source") { Description = "Source for plain-list rows without one (default LOCAL)" };
        var onBehalfOf = OnBehalfOf("The person you add a plain list for, when not yourself; recorded beside you, never instead");
        var reads = Reads();
        return Create(
            "import",
            "Import a signed update or a plain list file",
            c =>
            {
                c.Arguments.Add(file);
                foreach (Option o in new Option[] { category, source, onBehalfOf, reads })
                {
                    c.Options.Add(o);
                }
            },
            async (parse, edit, user, service, token) =>
            {
                byte[] bytes = await ReadListAsync(parse.GetValue(file)!, service.MaxUpdateBytes, token).ConfigureAwait(false);
                await UseReadsAsync(parse, reads, service, token).ConfigureAwait(false);
                var defaults = new ImportDefaults
                {
                    Category = parse.GetValue(category) is { } text ? HotListCommand.ParseCategory(text) : null,
                    Source = parse.GetValue(source)?.ToUpperInvariant() ?? "LOCAL",
                };
                return HotListChangeWire.Of(await edit.ImportAsync(user, bytes, defaults, parse.GetValue(onBehalfOf), token).ConfigureAwait(false));
            },
            async (parse, agent, token) =>
            {
                WarnReadsUnused(parse, reads);
                // The agent's limit is its own HotList:MaxUpdateBytes; it answers 413 above it.
                byte[] bytes = await ReadListAsync(parse.GetValue(file)!, int.MaxValue, token).ConfigureAwait(false);
                var query = new List<string>();
                foreach (
                    (string key, string? value) in new[]
                    {
                        ("category", parse.GetValue(category)),
                        ("source", parse.GetValue(source)),
                        ("on_behalf_of", parse.GetValue(onBehalfOf)),
                    }
                )
                {
                    if (value is not null)
                    {
                        query.Add($"{key}={Uri.EscapeDataString(value)}");
                    }
                }

                string path = "api/hotlist/import" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
                return Change(await agent.PostFileAsync(path, bytes, token).ConfigureAwait(false));
            },
            parse => parse.GetValue(file)!
        );
    }

    public static Command Local()
    {
        var hot = new HotListOptionsCli();
        var store = new StoreOptionsCli("--store-dir", hot.Json, hot.Verbose) { MoreOverrides = hot.Overrides };
        var person = new PersonCli("You: a supervisor or an officer (your own account on this unit)");
        var command = new Command("local", "List the unit's local entries: who entered each, when, until when, and why");
        hot.AddTo(command);
        store.AddTo(command);
        person.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    store,
                    parse,
                    async (opened, user, services, token) =>
                    {
                        HotListService service = services.GetRequiredService<HotListService>();
                        await service.LoadAsync(token).ConfigureAwait(false);
                        var edit = new EditHotList(service, opened.AuditLog, services.GetRequiredService<TimeProvider>());
                        return await PrintEntriesAsync([.. edit.ListLocal(user).Select(LocalEntryWire.Of)], parse.GetValue(hot.Json))
                            .ConfigureAwait(false);
                    },
                    ct,
                    async (agent, token) =>
                        await PrintEntriesAsync(
                                (await agent.GetAsync("api/hotlist/local", token).ConfigureAwait(false)).Deserialize<List<LocalEntryWire>>(
                                    WireJson.Options
                                ) ?? [],
                                parse.GetValue(hot.Json)
                            )
                            .ConfigureAwait(false)
                )
        );
        return command;
    }

    /// <summary>A change a signed-in person makes: the hot list's options, the store's (to sign in), and the person's.</summary>
    private static Command Create(
        string name,
        string description,
        Action<Command> addOptions,
        Func<ParseResult, EditHotList, AuthenticatedUser, HotListService, CancellationToken, Task<HotListChangeWire>> here,
        Func<ParseResult, AgentLink, CancellationToken, Task<HotListChangeWire>> viaAgent,
        Func<ParseResult, string> what
    )
    {
        var hot = new HotListOptionsCli();
        var store = new StoreOptionsCli("--store-dir", hot.Json, hot.Verbose) { MoreOverrides = hot.Overrides };
        var person = new PersonCli(Supervisor);
        var command = new Command(name, description);
        addOptions(command);
        hot.AddTo(command);
        store.AddTo(command);
        person.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    store,
                    parse,
                    async (opened, user, services, token) =>
                    {
                        // Problems with the kept files are logged by the service; the list loads without them.
                        HotListService service = services.GetRequiredService<HotListService>();
                        await service.LoadAsync(token).ConfigureAwait(false);
                        var edit = new EditHotList(service, opened.AuditLog, services.GetRequiredService<TimeProvider>());
                        HotListChangeWire change = await here(parse, edit, user, service, token).ConfigureAwait(false);
                        await ReportAsync(what(parse), change, parse.GetValue(hot.Json), viaAgent: false).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    async (agent, token) =>
                    {
                        HotListChangeWire change = await viaAgent(parse, agent, token).ConfigureAwait(false);
                        await ReportAsync(what(parse), change, parse.GetValue(hot.Json), viaAgent: true).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    private static Option<string?> OnBehalfOf(string description) => new("--on-behalf-of", "--by") { Description = description };

    private static Option<string?> Reads() =>
        new("--reads")
        {
            Description =
                "Reads file from 'edge-alpr process' to match new entries against, when the agent is stopped (the running agent matches its kept reads)",
        };

    private static async Task UseReadsAsync(ParseResult parse, Option<string?> reads, HotListService service, CancellationToken token) =>
        service.History = parse.GetValue(reads) is { } path ? await JsonlReadHistory.LoadAsync(path, token).ConfigureAwait(false) : null;

    private static void WarnReadsUnused(ParseResult parse, Option<string?> reads)
    {
        if (parse.GetValue(reads) is not null)
        {
            Console.Error.WriteLine("edge-alpr: --reads is not used while the agent runs: it matches the new entries against the reads it keeps");
        }
    }

    private static async Task<byte[]> ReadListAsync(string path, int maxBytes, CancellationToken token)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file");
        }

        // The service refuses it too, but only once it has been read into memory whole.
        long length = new FileInfo(path).Length;
        return length > maxBytes
            ? throw new HotListImportException($"{path} is {length} bytes, more than HotList:MaxUpdateBytes ({maxBytes}); refused unread")
            : await File.ReadAllBytesAsync(path, token).ConfigureAwait(false);
    }

    private static HotListChangeWire Change(JsonElement answer) =>
        answer.Deserialize<HotListChangeWire>(WireJson.Options) ?? throw new InvalidDataException("the agent answered no hot-list change");

    private static async Task ReportAsync(string what, HotListChangeWire change, bool json, bool viaAgent)
    {
        foreach (ImportLineError error in change.Errors)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: {what}:{error.Line}: {error.Reason}").ConfigureAwait(false);
        }

        if (change.Rejected > change.Errors.Count)
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: {what}: … and {change.Rejected - change.Errors.Count} more refused rows")
                .ConfigureAwait(false);
        }

        foreach (string column in change.IgnoredColumns)
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: {what}: column '{column}' is not a hot-list column and was ignored")
                .ConfigureAwait(false);
        }

        foreach (string column in change.PhotoColumnsDropped)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: {what}: column '{column}' carries photographs of persons and was dropped; the agent never stores them"
                )
                .ConfigureAwait(false);
        }

        if (change.EmbeddedImagesDropped > 0)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: {what}: {change.EmbeddedImagesDropped} field value(s) were pictures and were left out; the agent never stores photographs of persons"
                )
                .ConfigureAwait(false);
        }

        var record = new ChangeRecord(
            what,
            change.Kind,
            change.Version,
            change.Entries,
            change.Rows,
            change.Accepted,
            change.Rejected,
            change.AlreadyExpired,
            change.Removed,
            change.RetroactiveHits.Count,
            change.PhotoColumnsDropped,
            change.PhotosDropped,
            change.EmbeddedImagesDropped,
            viaAgent
        );
        if (json)
        {
            foreach (HitRecord hit in change.RetroactiveHits)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(hit)).ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            return;
        }

        PrintHits(change.RetroactiveHits);
        int photos = change.PhotosDropped + change.EmbeddedImagesDropped;
        string agent = viaAgent ? " (through the running agent: in use now)" : "";
        await Console
            .Out.WriteLineAsync(
                change.Kind == "local_removal"
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"{what}: {change.Removed} local entry(ies) removed; version {change.Version}, {change.Entries} entries in use{agent}"
                    )
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $"{what}: {change.Kind} — {change.Accepted} of {change.Rows} rows accepted, {change.Rejected} refused, {change.AlreadyExpired} already expired, {change.Removed} removed{(photos > 0 ? $", {photos} photograph(s) dropped, none stored" : "")}; version {change.Version}, {change.Entries} entries in use{agent}"
                    )
            )
            .ConfigureAwait(false);
    }

    private static void PrintHits(IReadOnlyList<HitRecord> hits)
    {
        if (hits.Count == 0)
        {
            return;
        }

        var table = new Table()
            .Title("POTENTIAL HITS ON KEPT READS — " + Markup.Escape(HotListHit.VerificationInstruction))
            .AddColumns("plate", "state", "category", "match", "read as", "record", "vehicle / reason", "seen");
        foreach (HitRecord h in hits)
        {
            table.AddRow(
                Markup.Escape(h.Plate),
                Markup.Escape(h.State ?? "—"),
                Markup.Escape(h.Category + (h.Alert ? "" : " (no alert)")),
                Markup.Escape(h.MatchKind),
                Markup.Escape(h.MatchedText),
                Markup.Escape(h.RecordNumber ?? ""),
                Markup.Escape(string.Join(" / ", new[] { h.Vehicle, h.Reason }.Where(x => !string.IsNullOrEmpty(x)))),
                Markup.Escape(h.Retroactive is { } r ? $"{r.CameraId}, {r.MinutesAgo:F0} min ago" : "now")
            );
        }

        AnsiConsole.Write(table);
    }

    private static async Task<int> PrintEntriesAsync(List<LocalEntryWire> entries, bool json)
    {
        if (json)
        {
            foreach (LocalEntryWire e in entries)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(e)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("plate", "state", "category", "reason", "record", "entered by", "entered (UTC)", "expires (UTC)");
        foreach (LocalEntryWire e in entries)
        {
            table.AddRow(
                Markup.Escape(e.Plate),
                Markup.Escape(e.State ?? "—"),
                Markup.Escape(e.Category),
                Markup.Escape(e.Reason ?? ""),
                Markup.Escape(e.RecordNumber ?? ""),
                Markup.Escape(e.EnteredBy ?? "—"),
                e.EnteredAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—",
                e.Expires?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never"
            );
        }

        AnsiConsole.Write(table);
        await Console.Error.WriteLineAsync($"edge-alpr: {entries.Count} local entries").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>What <c>--json</c> prints last: the change, as <c>hotlist import</c> always printed it.</summary>
    private sealed record ChangeRecord(
        string File,
        string Kind,
        long Version,
        int Entries,
        int Rows,
        int Accepted,
        int Rejected,
        int AlreadyExpired,
        int Removed,
        int RetroactiveHits,
        IReadOnlyList<string> PhotoColumnsDropped,
        int PhotosDropped,
        int EmbeddedImagesDropped,
        bool ThroughAgent
    );
}
