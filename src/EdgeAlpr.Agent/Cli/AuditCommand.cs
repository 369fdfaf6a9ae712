using System.CommandLine;
using System.Globalization;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr audit verify|show</c>: the store's hash-chained audit trail as an auditor sees it.
/// Both are themselves audited, so who looked at the trail is in it too.
/// </summary>
internal static class AuditCommand
{
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
        var checkpoints = new Option<string[]>("--checkpoint")
        {
            Description = "A checkpoint held elsewhere (the platform's copy), as SEQ:SHA256; the event must still carry that hash. Repeatable",
        };
        var command = new Command(
            "verify",
            "Check every event's hash and link; report the first broken link (exit 1) if any event was altered, removed or reordered"
        );
        cli.AddTo(command);
        command.Options.Add(checkpoints);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (store, token) =>
                    {
                        Dictionary<long, string> expected = ParseCheckpoints(parse.GetValue(checkpoints) ?? []);
                        AuditVerification report = store.AuditLog.VerifyAudit(expected, token);
                        store.AuditLog.RecordAudit(
                            "audit_verified",
                            null,
                            new Dictionary<string, object?>
                            {
                                ["ok"] = report.Ok,
                                ["events"] = report.Events,
                                ["through_seq"] = report.LastSeq,
                                ["first_break"] = report.FirstBreak?.Seq,
                                ["checkpoints_given"] = expected.Count,
                            },
                            CliUser.Name()
                        );
                        if (report.FirstBreak is { } broken)
                        {
                            string what = broken.Action is null ? string.Empty : $" ({broken.Action}, {broken.At:u})";
                            await Console
                                .Error.WriteLineAsync($"edge-alpr: audit chain BROKEN at event {broken.Seq}{what}: {broken.Problem}")
                                .ConfigureAwait(false);
                        }
                        else if (!parse.GetValue(cli.Json))
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    $"edge-alpr: audit chain intact: {report.Events} events ({report.FirstSeq}–{report.LastSeq}), {report.Checkpoints} checkpoints, head {report.HeadHash[..16]}…"
                                )
                                .ConfigureAwait(false);
                        }

                        await Console.Out.WriteLineAsync(WireJson.Line(report)).ConfigureAwait(false);
                        return report.Ok ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
                    },
                    ct
                )
        );
        return command;
    }

    private static Command Show()
    {
        var cli = new StoreOptionsCli();
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
        foreach (Option o in new Option[] { from, to, action, actor, subject, caseNumber, limit })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (store, _) =>
                    {
                        var filter = new AuditFilter
                        {
                            From = CliTime.Parse(parse.GetValue(from), "--from", endOfDay: false),
                            To = CliTime.Parse(parse.GetValue(to), "--to", endOfDay: true),
                            Action = parse.GetValue(action),
                            Actor = parse.GetValue(actor),
                            Subject = parse.GetValue(subject),
                            CaseNumber = parse.GetValue(caseNumber),
                            Limit = parse.GetValue(limit) is var n and >= 1 ? n : throw new FormatException("--limit must be at least 1"),
                        };
                        IReadOnlyList<StoredAuditEvent> events = store.AuditLog.QueryAudit(filter);
                        store.AuditLog.RecordAudit(
                            "audit_viewed",
                            null,
                            new Dictionary<string, object?>
                            {
                                ["from"] = filter.From,
                                ["to"] = filter.To,
                                ["action"] = filter.Action,
                                ["actor"] = filter.Actor,
                                ["subject"] = filter.Subject,
                                ["case_number"] = filter.CaseNumber,
                                ["results"] = events.Count,
                            },
                            CliUser.Name()
                        );
                        if (parse.GetValue(cli.Json))
                        {
                            foreach (StoredAuditEvent e in events)
                            {
                                await Console.Out.WriteLineAsync(WireJson.Line(e)).ConfigureAwait(false);
                            }

                            return ExitCodes.Ok;
                        }

                        var table = new Table().AddColumns("#", "at (UTC)", "action", "actor", "subject", "details");
                        foreach (StoredAuditEvent e in events)
                        {
                            string details = e.Details.ToJsonString();
                            table.AddRow(
                                e.Id.ToString(CultureInfo.InvariantCulture),
                                e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                                Markup.Escape(e.Action),
                                Markup.Escape(e.Actor),
                                Markup.Escape(e.Subject ?? string.Empty),
                                Markup.Escape(details.Length > 120 ? details[..120] + "…" : details)
                            );
                        }

                        AnsiConsole.Write(table);
                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

    private static Dictionary<long, string> ParseCheckpoints(IEnumerable<string> given)
    {
        var expected = new Dictionary<long, string>();
        foreach (string text in given)
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (
                colon <= 0
                || !long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out long seq)
                || seq < 1
                || text[(colon + 1)..] is not { Length: 64 } hash
                || !hash.All(char.IsAsciiHexDigit)
            )
            {
                throw new FormatException($"--checkpoint '{text}' is not SEQ:SHA256 (an event number, a colon, 64 hex digits)");
            }

            expected[seq] = hash.ToLowerInvariant();
        }

        return expected;
    }
}
