using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.WebConsole.Endpoints;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr audit verify|show</c>: the store's hash-chained audit trail as a signed-in auditor sees it, from the
/// store or, while the agent runs, through it. Both are themselves audited, so who looked at the trail is in it too.
/// </summary>
internal static class AuditCommand
{
    private const string Auditor = "You: the auditor who reads the trail (your own account on this unit); each look is itself audited";

    public static Command Create()
    {
        var audit = new Command("audit", "The tamper-evident audit trail: check its hash chain, list its events");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Show());
        return audit;
    }

    private static Command Verify()
    {
        var cli = new StoreOptionsCli();
        var person = new PersonCli(Auditor);
        var checkpoints = new Option<string[]>("--checkpoint")
        {
            Description = "A checkpoint held elsewhere (the platform's copy), as SEQ:SHA256; the event must still carry that hash. Repeatable",
        };
        var command = new Command(
            "verify",
            "Check every event's hash and link; report the first broken link (exit 1) if any event was altered, removed or reordered"
        );
        cli.AddTo(command);
        person.AddTo(command);
        command.Options.Add(checkpoints);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, _, token) =>
                    {
                        Dictionary<long, string> expected = ParseCheckpoints(parse.GetValue(checkpoints) ?? []);
                        AuditVerification report = new ReviewAudit(store.AuditLog).Verify(user, expected, token).Verification;
                        return await ReportAsync(report, parse.GetValue(cli.Json)).ConfigureAwait(false);
                    },
                    ct,
                    async (agent, token) =>
                    {
                        Dictionary<long, string> expected = ParseCheckpoints(parse.GetValue(checkpoints) ?? []);
                        string query = string.Join('&', expected.Select(c => $"checkpoint={c.Key}:{c.Value}"));
                        JsonElement answer = await agent.GetAsync($"api/audit/verify?{query}", token).ConfigureAwait(false);
                        AuditVerification report = (
                            answer.Deserialize<AuditEndpoints.VerifyWire>(WireJson.Options)
                            ?? throw new InvalidDataException("the agent answered no verification")
                        ).Verification();
                        return await ReportAsync(report, parse.GetValue(cli.Json)).ConfigureAwait(false);
                    }
                )
        );
        return command;
    }

    private static async Task<int> ReportAsync(AuditVerification report, bool json)
    {
        if (report.FirstBreak is { } broken)
        {
            string what = broken.Action is null ? string.Empty : $" ({broken.Action}, {broken.At:u})";
            await Console.Error.WriteLineAsync($"edge-alpr: audit chain BROKEN at event {broken.Seq}{what}: {broken.Problem}").ConfigureAwait(false);
        }
        else if (!json)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: audit chain intact: {report.Events} events ({report.FirstSeq}–{report.LastSeq}), {report.Checkpoints} checkpoints, head {report.HeadHash[..16]}…"
                )
                .ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(WireJson.Line(report)).ConfigureAwait(false);
        return report.Ok ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    private static Command Show()
    {
        var cli = new StoreOptionsCli();
        var person = new PersonCli(Auditor);
        var from = new Option<string?>("--from") { Description = "Events at or after this date or time (ISO 8601, UTC)" };
        var to = new Option<string?>("--to") { Description = "Events at or before this date or time (a date: through that day)" };
        var action = new Option<string?>("--action")
        {
            Description = "One action (search, evidence_disseminated, hit_disposition, …) or a prefix ending in * (hotlist_*)",
        };
        var actor = new Option<string?>("--actor") { Description = "Events by this user, officer or component (agent, platform)" };
        var subject = new Option<string?>("--subject") { Description = "Events about this subject (a hit id, a command, a dissemination id)" };
        var caseNumber = new Option<string?>("--case-number") { Description = "Searches and exports made for this case" };
        var limit = new Option<int>("--limit") { Description = "Show the last N matching events", DefaultValueFactory = _ => 100 };
        var command = new Command("show", "List audit events, oldest first, with filters");
        cli.AddTo(command);
        person.AddTo(command);
        foreach (Option o in new Option[] { from, to, action, actor, subject, caseNumber, limit })
        {
            command.Options.Add(o);
        }

        AuditFilter Filter(ParseResult parse) =>
            new()
            {
                From = CliTime.Parse(parse.GetValue(from), "--from", endOfDay: false),
                To = CliTime.Parse(parse.GetValue(to), "--to", endOfDay: true),
                Action = parse.GetValue(action),
                Actor = parse.GetValue(actor),
                Subject = parse.GetValue(subject),
                CaseNumber = parse.GetValue(caseNumber),
                Limit = parse.GetValue(limit) is var n and >= 1 and <= ReviewAudit.MaxLimit
                    ? n
                    : throw new FormatException($"--limit must be 1 to {ReviewAudit.MaxLimit}"),
            };
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    (store, user, _, _) =>
                    {
                        IReadOnlyList<StoredAuditEvent> events = new ReviewAudit(store.AuditLog).Events(user, Filter(parse));
                        return ShowAsync([.. events.Select(AuditEventWire.From)], parse.GetValue(cli.Json));
                    },
                    ct,
                    async (agent, token) =>
                    {
                        AuditFilter filter = Filter(parse);
                        var query = new List<string> { $"limit={filter.Limit}" };
                        foreach (
                            (string key, string? value) in new[]
                            {
                                ("action", filter.Action),
                                ("actor", filter.Actor),
                                ("subject", filter.Subject),
                                ("case_number", filter.CaseNumber),
                                ("from", filter.From?.ToString("O", CultureInfo.InvariantCulture)),
                                ("to", filter.To?.ToString("O", CultureInfo.InvariantCulture)),
                            }
                        )
                        {
                            if (value is not null)
                            {
                                query.Add($"{key}={Uri.EscapeDataString(value)}");
                            }
                        }

                        JsonElement answer = await agent.GetAsync($"api/audit?{string.Join('&', query)}", token).ConfigureAwait(false);
                        List<AuditEventWire> events = answer.Deserialize<List<AuditEventWire>>(WireJson.Options)
                            ?? throw new InvalidDataException("the agent answered no events");
                        return await ShowAsync(events, parse.GetValue(cli.Json)).ConfigureAwait(false);
                    }
                )
        );
        return command;
    }

    private static async Task<int> ShowAsync(IReadOnlyList<AuditEventWire> events, bool json)
    {
        if (json)
        {
            foreach (AuditEventWire e in events)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(e)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("#", "at (UTC)", "action", "actor", "subject", "details");
        foreach (AuditEventWire e in events)
        {
            string details = e.Details.ToJsonString();
            table.AddRow(
                e.Seq.ToString(CultureInfo.InvariantCulture),
                e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(e.Action),
                Markup.Escape(e.Actor),
                Markup.Escape(e.Subject ?? string.Empty),
                Markup.Escape(details.Length > 120 ? details[..120] + "…" : details)
            );
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static Dictionary<long, string> ParseCheckpoints(IEnumerable<string> given)
    {
        var expected = new Dictionary<long, string>();
        foreach (string text in given)
        {
            expected[AuditCheckpoints.TryParse(text, out long seq, out string? hash) ? seq : throw Bad(text)] = hash!;
        }

        return expected;

        static FormatException Bad(string text) => new($"--checkpoint '{text}' is not SEQ:SHA256 (an event number, a colon, 64 hex digits)");
    }
}
