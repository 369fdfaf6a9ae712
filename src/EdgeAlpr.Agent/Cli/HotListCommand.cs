using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr hotlist stats|check|sign</c>, which read the list or sign one on the platform's side; the changes a
/// person makes (<c>import|add|remove|local</c>) are <see cref="HotListEditCommands"/>.
/// </summary>
internal static class HotListCommand
{
    public static Command Create()
    {
        var command = new Command("hotlist", "Import, inspect and query the hot list cached on this unit");
        command.Subcommands.Add(HotListEditCommands.Import());
        command.Subcommands.Add(CreateStats());
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(HotListEditCommands.Add());
        command.Subcommands.Add(HotListEditCommands.Remove());
        command.Subcommands.Add(HotListEditCommands.Local());
        command.Subcommands.Add(CreateSign());
        return command;
    }

    /// <summary>A subcommand that runs with the hot list loaded from disk.</summary>
    private static Command Subcommand(
        string name,
        string description,
        Action<Command> addOptions,
        Func<ParseResult, HotListService, bool, CancellationToken, Task<int>> body
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

                        return await body(parse, service, parse.GetValue(common.Json), token).ConfigureAwait(false);
                    },
                    ct
                )
        );
        return command;
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
            "Match a plate (and alternative readings) against the list and print every match with its kind and score",
            c =>
            {
                c.Arguments.Add(plate);
                c.Options.Add(state);
                c.Options.Add(alternatives);
            },
            async (parse, service, json, _) =>
            {
                // A person's lookup, not a read: the readings share the probability evenly, and every near match the
                // list holds is shown with the score a read this sure would give it (a low one would be no hit on a read).
                string[] readings = [parse.GetValue(plate)!, .. parse.GetValue(alternatives) ?? []];
                List<PlateCandidate> candidates = [.. readings.Select(r => new PlateCandidate(PlateText.Normalize(r), 1f / readings.Length))];
                string? st = parse.GetValue(state) is { } s ? PlateText.Normalize(s) : null;
                List<HotListHit> hits = service.Current.Hits(candidates, st, DateTimeOffset.UtcNow, minScore: 0f);
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

    private static async Task PrintHitsAsync(List<HotListHit> hits, bool json)
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

    internal static HotListCategory ParseCategory(string text) =>
        HotListCategories.TryParse(text, out HotListCategory category)
            ? category
            : throw new InvalidDataException($"unknown category '{text}' (known: {HotListCategories.Describe()})");
}
