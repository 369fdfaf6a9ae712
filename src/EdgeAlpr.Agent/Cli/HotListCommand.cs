using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary><c>edge-alpr hotlist import|stats|check|add|sign</c>.</summary>
internal static class HotListCommand
{
    public static Command Create()
    {
        var command = new Command("hotlist", "Import, inspect and query the hot list cached on this unit");
        command.Subcommands.Add(CreateImport());
        command.Subcommands.Add(CreateStats());
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateSign());
        return command;
    }

    /// <summary>A subcommand that runs with the hot list loaded from disk.</summary>
    private static Command Subcommand(
        string name,
        string description,
        Action<Command> addOptions,
        Func<ParseResult, HotListService, bool, CancellationToken, Task<int>> body,
        bool audited = false
    )
    {
        var common = new HotListOptionsCli();
        var command = new Command(name, description);
        addOptions(command);
        common.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    common.Overrides(parse),
                    common.LogLevel(parse),
                    async (services, token) =>
                    {
                        // Problems with the kept files are logged by the service; the list loads without them.
                        HotListService service = services.GetRequiredService<HotListService>();
                        await service.LoadAsync(token).ConfigureAwait(false);

                        int code = await body(parse, service, parse.GetValue(common.Json), token).ConfigureAwait(false);
                        if (audited && code == ExitCodes.Ok)
                        {
                            await HotListAudit.RecordAsync(services, service, CliUser.Name()).ConfigureAwait(false);
                        }

                        return code;
                    },
                    ct
                )
        );
        return command;
    }

    private static Command CreateImport()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A signed platform update, or a plain list (CSV with a header, or PLATE;STATE;CATEGORY;… lines) added as local entries",
        };
        var category = new Option<string?>("--category") { Description = "Category for plain-list rows without one" };
        var source = new Option<string?>("--source") { Description = "Source for plain-list rows without one (default LOCAL)" };
        var by = new Option<string?>("--by") { Description = "Who is adding a plain list (default: the logged-in user)" };
        var reads = new Option<string?>("--reads")
        {
            Description = "Reads file from 'edge-alpr process' to match against new entries (past-read matching)",
        };
        return Subcommand(
            "import",
            "Import a signed update or a plain list file",
            c =>
            {
                c.Arguments.Add(file);
                c.Options.Add(category);
                c.Options.Add(source);
                c.Options.Add(by);
                c.Options.Add(reads);
            },
            async (parse, service, json, token) =>
            {
                string path = parse.GetValue(file)!;
                if (!File.Exists(path))
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: {path}: no such file").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }

                HotListCategory? defaultCategory = parse.GetValue(category) is { } text ? ParseCategory(text) : null;

                service.History = parse.GetValue(reads) is { } readsPath
                    ? await JsonlReadHistory.LoadAsync(readsPath, token).ConfigureAwait(false)
                    : null;
                // The service refuses it too, but only once it has been read into memory whole.
                long length = new FileInfo(path).Length;
                if (length > service.MaxUpdateBytes)
                {
                    throw new HotListImportException(
                        $"{path} is {length} bytes, more than HotList:MaxUpdateBytes ({service.MaxUpdateBytes}); refused unread"
                    );
                }

                byte[] bytes = await File.ReadAllBytesAsync(path, token).ConfigureAwait(false);
                UpdateOutcome outcome;
                if (SignedUpdate.LooksSigned(bytes))
                {
                    outcome = await service.ApplyUpdateAsync(bytes, token).ConfigureAwait(false);
                }
                else
                {
                    outcome = await service
                        .ImportLocalAsync(
                            bytes,
                            new ImportDefaults
                            {
                                Category = defaultCategory,
                                Source = parse.GetValue(source)?.ToUpperInvariant() ?? "LOCAL",
                                EnteredBy = parse.GetValue(by) ?? CliUser.Name(),
                                EnteredAt = DateTimeOffset.UtcNow,
                            },
                            token
                        )
                        .ConfigureAwait(false);
                }

                await ReportAsync(path, outcome, json).ConfigureAwait(false);
                return ExitCodes.Ok;
            },
            audited: true
        );
    }

    private static Command CreateStats() =>
        Subcommand(
            "stats",
            "Version, age, size and categories of the list in use",
            _ => { },
            async (_, service, json, _) =>
            {
                HotListStatus status = service.Status();
                if (json)
                {
                    await Console.Out.WriteLineAsync(WireJson.Line(status)).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var table = new Table().Title("hot list").AddColumns("", "");
                table.AddRow("version", $"{status.Version}");
                table.AddRow("created", status.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "—");
                table.AddRow(
                    "entries",
                    $"{status.Entries} ({status.LocalEntries} local, {status.WildcardEntries} partial plates in {status.WildcardPatterns} patterns)"
                );
                table.AddRow("profile", status.Profile);
                foreach ((string name, int count) in status.ByCategory)
                {
                    table.AddRow($"  {name}", $"{count}");
                }

                if (status.Warning is not null)
                {
                    table.AddRow("[yellow]warning[/]", Markup.Escape(status.Warning));
                }

                AnsiConsole.Write(table);
                return ExitCodes.Ok;
            }
        );

    private static Command CreateCheck()
    {
        var plate = new Argument<string>("PLATE") { Description = "The plate as read" };
        var state = new Option<string?>("--state") { Description = "The plate's state or jurisdiction, when known" };
        var alternatives = new Option<string[]>("--candidate")
        {
            Description = "Another reading of the same plate, repeatable (as the OCR's candidates)",
        };
        return Subcommand(
            "check",
            "Match a plate (and alternative readings) against the list and print every hit with its match kind",
            c =>
            {
                c.Arguments.Add(plate);
                c.Options.Add(state);
                c.Options.Add(alternatives);
            },
            async (parse, service, json, _) =>
            {
                var candidates = new List<PlateCandidate> { new(parse.GetValue(plate)!, 1f) };
                candidates.AddRange((parse.GetValue(alternatives) ?? []).Select(a => new PlateCandidate(a, 1f)));
                string? st = parse.GetValue(state) is { } s ? PlateText.Normalize(s) : null;
                List<HotListHit> hits = service.Current.Hits(candidates, st, DateTimeOffset.UtcNow);
                await PrintHitsAsync(hits, json).ConfigureAwait(false);
                if (!json && hits.Count == 0)
                {
                    await Console
                        .Out.WriteLineAsync(
                            $"no hits for {PlateText.Normalize(candidates[0].Text)} in {service.Current.Count} entries (version {service.Current.Version})"
                        )
                        .ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
        );
    }

    private static Command CreateAdd()
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
        var by = new Option<string?>("--by") { Description = "Who adds it (default: the logged-in user)" };
        var reads = new Option<string?>("--reads")
        {
            Description = "Reads file from 'edge-alpr process' to match against the new entry (past-read matching)",
        };
        return Subcommand(
            "add",
            "Add a local entry (a new wanted), recorded with who and when, and match recent reads against it",
            c =>
            {
                c.Arguments.Add(plate);
                foreach (Option o in new Option[] { category, reason, expires, state, vehicle, record, by, reads })
                {
                    c.Options.Add(o);
                }
            },
            async (parse, service, json, token) =>
            {
                HotListCategory cat = ParseCategory(parse.GetValue(category)!);

                DateTimeOffset? expiry = null;
                if (parse.GetValue(expires) is { } text)
                {
                    expiry = HotListFileReader.TryParseTime(text, endOfDay: true, out DateTimeOffset e)
                        ? e
                        : throw new InvalidDataException(
                            $"expiry '{text}' is not an ISO 8601 date or time (e.g. 2026-12-31 or 2026-12-31T18:00:00Z)"
                        );
                }

                service.History = parse.GetValue(reads) is { } readsPath
                    ? await JsonlReadHistory.LoadAsync(readsPath, token).ConfigureAwait(false)
                    : null;
                var entry = new HotListEntry
                {
                    Plate = PlateText.Normalize(parse.GetValue(plate)!),
                    State = parse.GetValue(state) is { } s ? PlateText.Normalize(s) : null,
                    Category = cat,
                    Source = "LOCAL",
                    Reason = parse.GetValue(reason),
                    Vehicle = parse.GetValue(vehicle),
                    RecordNumber = parse.GetValue(record),
                    EnteredBy = parse.GetValue(by) ?? CliUser.Name(),
                    EnteredAt = DateTimeOffset.UtcNow,
                    Expires = expiry,
                    Origin = HotListOrigin.Local,
                };
                UpdateOutcome outcome = await new EditHotList(service).AddLocalAsync(entry, CliUser.Name(), token).ConfigureAwait(false);
                await ReportAsync(entry.Plate, outcome, json).ConfigureAwait(false);
                return ExitCodes.Ok;
            },
            audited: true
        );
    }

    private static Command CreateSign()
    {
        var input = new Argument<string>("LIST") { Description = "The list as CSV with a header (for a delta, with an 'op' column: add or remove)" };
        var key = new Option<string>("--key") { Description = "PEM file with the platform's ECDSA P-256 private key", Required = true };
        var version = new Option<long>("--version") { Description = "The update's version, higher than every earlier one", Required = true };
        var kind = new Option<UpdateKind>("--kind") { Description = "full or delta", DefaultValueFactory = _ => UpdateKind.Full };
        var baseVersion = new Option<long?>("--base-version") { Description = "For a delta: the version it applies to" };
        var audience = new Option<string>("--audience")
        {
            Description = "Whom the list is for: the agency (its Uplink:Agency), or agency/device-group",
            Required = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the signed update", Required = true };
        var command = new Command("sign", "Platform side: sign a list as an update file (header with version and SHA-256, ECDSA P-256 signature)");
        command.Arguments.Add(input);
        foreach (Option o in new Option[] { key, audience, version, kind, baseVersion, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                try
                {
                    using var ecdsa = ECDsa.Create();
                    ecdsa.ImportFromPem(FileSystem.SecretFile.ReadText(parse.GetValue(key)!, "platform private key"));
                    byte[] payload = await File.ReadAllBytesAsync(parse.GetValue(input)!, ct).ConfigureAwait(false);
                    UpdateKind k = parse.GetValue(kind);
                    if (k == UpdateKind.Delta && parse.GetValue(baseVersion) is null)
                    {
                        await Console.Error.WriteLineAsync("edge-alpr: a delta needs --base-version").ConfigureAwait(false);
                        return ExitCodes.UsageOrConfiguration;
                    }

                    byte[] signed = SignedUpdate.Create(
                        k,
                        parse.GetValue(audience)!,
                        parse.GetValue(version),
                        k == UpdateKind.Delta ? parse.GetValue(baseVersion) : null,
                        DateTimeOffset.UtcNow,
                        payload,
                        ecdsa
                    );
                    await File.WriteAllBytesAsync(parse.GetValue(output)!, signed, ct).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }
            }
        );
        return command;
    }

    private static async Task ReportAsync(string what, UpdateOutcome outcome, bool json)
    {
        ImportSummary? summary = outcome.Import;
        foreach (ImportLineError error in summary?.Errors ?? [])
        {
            await Console.Error.WriteLineAsync($"edge-alpr: {what}:{error.Line}: {error.Reason}").ConfigureAwait(false);
        }

        if (summary is { Rejected: > ImportSummary.MaxReportedErrors })
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: {what}: … and {summary.Rejected - ImportSummary.MaxReportedErrors} more refused rows")
                .ConfigureAwait(false);
        }

        foreach (string column in summary?.IgnoredColumns ?? [])
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: {what}: column '{column}' is not a hot-list column and was ignored")
                .ConfigureAwait(false);
        }

        foreach (string column in summary?.PhotoColumnsDropped ?? [])
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: {what}: column '{column}' carries photographs of persons and was dropped; the agent never stores them"
                )
                .ConfigureAwait(false);
        }

        if (summary is { EmbeddedImagesDropped: > 0 })
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: {what}: {summary.EmbeddedImagesDropped} field value(s) were pictures and were left out; the agent never stores photographs of persons"
                )
                .ConfigureAwait(false);
        }

        var record = new ImportRecord(
            what,
            outcome.Kind,
            outcome.Version,
            outcome.Entries,
            summary?.DataLines ?? 0,
            summary?.Accepted ?? 0,
            summary?.Rejected ?? 0,
            summary?.AlreadyExpired ?? 0,
            outcome.Removed,
            outcome.RetroactiveHits.Count,
            summary?.PhotoColumnsDropped ?? [],
            summary?.PhotosDropped ?? 0,
            summary?.EmbeddedImagesDropped ?? 0
        );
        if (json)
        {
            foreach (HotListHit hit in outcome.RetroactiveHits)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(HitRecord.From(hit))).ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            return;
        }

        await PrintHitsAsync(outcome.RetroactiveHits, json: false).ConfigureAwait(false);
        await Console
            .Out.WriteLineAsync(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{what}: {outcome.Kind} — {record.Accepted} of {record.Rows} rows accepted, {record.Rejected} refused, {record.AlreadyExpired} already expired, {record.Removed} removed{Photos(record)}; version {record.Version}, {record.Entries} entries in use"
                )
            )
            .ConfigureAwait(false);
    }

    private static string Photos(ImportRecord record) =>
        record.PhotosDropped + record.EmbeddedImagesDropped is > 0 and var n
            ? string.Create(CultureInfo.InvariantCulture, $", {n} photograph(s) dropped, none stored")
            : "";

    private static async Task PrintHitsAsync(IReadOnlyList<HotListHit> hits, bool json)
    {
        if (json)
        {
            foreach (HotListHit hit in hits)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(HitRecord.From(hit))).ConfigureAwait(false);
            }

            return;
        }

        if (hits.Count == 0)
        {
            return;
        }

        var table = new Table()
            .Title("POTENTIAL HITS — " + Markup.Escape(HotListHit.VerificationInstruction))
            .AddColumns("plate", "state", "category", "match", "score", "read as", "source", "record", "vehicle / reason", "seen");
        foreach (HotListHit h in hits)
        {
            table.AddRow(
                Markup.Escape(h.Entry.Plate),
                Markup.Escape(h.Entry.State ?? "—"),
                Markup.Escape(HotListCategories.WireName(h.Entry.Category) + (h.Alert ? "" : " (no alert)")),
                MatchKinds.WireName(h.Kind),
                h.Score.ToString("F2", CultureInfo.InvariantCulture),
                Markup.Escape(h.MatchedText),
                Markup.Escape(h.Entry.Source),
                Markup.Escape(h.Entry.RecordNumber ?? ""),
                Markup.Escape(string.Join(" / ", new[] { h.Entry.Vehicle, h.Entry.Reason }.Where(x => !string.IsNullOrEmpty(x)))),
                Markup.Escape(h.Retroactive is { } r ? $"{r.CameraId}, {r.Before.TotalMinutes:F0} min ago" : "now")
            );
        }

        AnsiConsole.Write(table);
    }

    private static HotListCategory ParseCategory(string text) =>
        HotListCategories.TryParse(text, out HotListCategory category)
            ? category
            : throw new InvalidDataException($"unknown category '{text}' (known: {HotListCategories.Describe()})");

    private sealed record ImportRecord(
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
        int EmbeddedImagesDropped
    );
}
