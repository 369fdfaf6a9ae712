using System.CommandLine;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.WebConsole.Endpoints;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr hits list|accept|reject</c>: the officer's side of a potential hit. Every hit must
/// be verified (LEADS/NCIC) before enforcement action; the decision is stored, audited and
/// forwarded to the platform like the hit.
/// </summary>
internal static class HitsCommand
{
    public static Command Create()
    {
        var hits = new Command("hits", "Potential hits kept on this unit, and the officer's accept or reject of each");
        hits.Subcommands.Add(List());
        hits.Subcommands.Add(Decide(HitDecision.Accepted));
        hits.Subcommands.Add(Decide(HitDecision.Rejected));
        return hits;
    }

    private static Command List()
    {
        var cli = new StoreOptionsCli();
        var all = new Option<bool>("--all") { Description = "Also hits already accepted or rejected (default: only those awaiting a decision)" };
        var max = new Option<int>("--max") { Description = "At most this many, newest first (default 50)", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "Hits awaiting a decision (or all, with --all), newest first; audited under you");
        var person = new PersonCli("You: the officer or investigator who looks (your own account on this unit)");
        cli.AddTo(command);
        person.AddTo(command);
        command.Options.Add(all);
        command.Options.Add(max);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, _, token) =>
                    {
                        IReadOnlyList<HitSummary> hits = new DecideHit(store.Reads, store.AuditLog).List(
                            user,
                            Math.Max(1, parse.GetValue(max)),
                            undecidedOnly: !parse.GetValue(all)
                        );
                        if (parse.GetValue(cli.Json))
                        {
                            foreach (HitSummary h in hits)
                            {
                                await Console.Out.WriteLineAsync(WireJson.Line(ListedHit.From(h))).ConfigureAwait(false);
                            }

                            return ExitCodes.Ok;
                        }

                        var table = new Table()
                            .Title(Markup.Escape(HotListHit.VerificationInstruction))
                            .AddColumns("hit", "when (UTC)", "plate", "listed as", "match", "camera", "decision");
                        foreach (HitSummary h in hits)
                        {
                            HitRecord hit = h.Hit.Record;
                            table.AddRow(
                                Markup.Escape(h.Hit.Id.ToString()[..13]),
                                Markup.Escape($"{h.Hit.CreatedAt:yyyy-MM-dd HH:mm:ss}"),
                                Markup.Escape($"{hit.MatchedText} ({hit.Plate}{(hit.State is null ? "" : " " + hit.State)})"),
                                Markup.Escape($"{hit.Category} · {hit.Source}{(hit.RecordNumber is null ? "" : " " + hit.RecordNumber)}"),
                                Markup.Escape($"{hit.MatchKind} {hit.Score:F2}"),
                                Markup.Escape(h.Hit.CameraId),
                                Markup.Escape(h.Decision is { } d ? $"{d.Decision} by {d.Officer}" : "AWAITING VERIFICATION")
                            );
                        }

                        AnsiConsole.Write(table);
                        await Console.Error.WriteLineAsync($"edge-alpr: {hits.Count} hits").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    async (agent, token) =>
                    {
                        int limit = Math.Clamp(parse.GetValue(max), 1, HitEndpoints.MaxLimit);
                        List<OfficerWire.Hit> hits = await RemoteHitsAsync(agent, parse.GetValue(all), limit, token).ConfigureAwait(false);
                        if (parse.GetValue(cli.Json))
                        {
                            foreach (OfficerWire.Hit h in hits)
                            {
                                await Console.Out.WriteLineAsync(WireJson.Line(h)).ConfigureAwait(false);
                            }

                            return ExitCodes.Ok;
                        }

                        var table = new Table()
                            .Title(Markup.Escape(HotListHit.VerificationInstruction))
                            .AddColumns("hit", "when (UTC)", "plate", "listed as", "match", "camera", "decision");
                        foreach (OfficerWire.Hit h in hits)
                        {
                            table.AddRow(
                                Markup.Escape(h.Id.ToString()[..13]),
                                Markup.Escape($"{h.CreatedAt:yyyy-MM-dd HH:mm:ss}"),
                                Markup.Escape($"{h.MatchedText} ({h.Plate}{(h.State is null ? "" : " " + h.State)})"),
                                Markup.Escape(
                                    $"{h.Category} · {h.Listing.Source}{(h.Listing.RecordNumber is null ? "" : " " + h.Listing.RecordNumber)}"
                                ),
                                Markup.Escape(h.MatchKind),
                                Markup.Escape(h.CameraId),
                                Markup.Escape(h.Decision is { } d ? $"{d.Decision} by {d.Officer}" : "AWAITING VERIFICATION")
                            );
                        }

                        AnsiConsole.Write(table);
                        await Console.Error.WriteLineAsync($"edge-alpr: {hits.Count} hits (through the running agent)").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    private static async Task<List<OfficerWire.Hit>> RemoteHitsAsync(AgentLink agent, bool all, int limit, CancellationToken cancellationToken) =>
        (await agent.GetAsync($"api/hits?all={(all ? "true" : "false")}&limit={limit}", cancellationToken).ConfigureAwait(false)).Deserialize<
            List<OfficerWire.Hit>
        >(WireJson.Options) ?? [];

    private static Command Decide(HitDecision decision)
    {
        bool accept = decision == HitDecision.Accepted;
        var cli = new StoreOptionsCli();
        var id = new Argument<string>("HIT") { Description = "The hit's id, or its first 8 or more characters (as 'hits list' shows it)" };
        var person = new PersonCli("You: the officer who decides (your own account on this unit); the decision is yours in the record");
        var verifiedWith = new Option<string?>("--verified-with")
        {
            Description = "What the hit was confirmed with (LEADS, NCIC, …)",
            Required = accept,
        };
        var reason = new Option<string?>("--reason") { Description = $"Why: {string.Join(", ", RejectReasons.All)}", Required = !accept };
        var note = new Option<string?>("--note") { Description = "Free text for the record (required with --reason other)" };
        var command = new Command(
            accept ? "accept" : "reject",
            accept ? "Record that the hit was confirmed with LEADS/NCIC (or the listing source)" : "Record that the hit was not confirmed, and why"
        );
        command.Arguments.Add(id);
        cli.AddTo(command);
        person.AddTo(command);
        command.Options.Add(accept ? verifiedWith : reason);
        command.Options.Add(note);
        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, _, token) =>
                    {
                        RejectReason? why = null;
                        if (!accept)
                        {
                            if (!RejectReasons.TryParse(parse.GetValue(reason), out RejectReason parsed))
                            {
                                await Console
                                    .Error.WriteLineAsync(
                                        $"edge-alpr: --reason '{parse.GetValue(reason)}' is not one of {string.Join(", ", RejectReasons.All)}"
                                    )
                                    .ConfigureAwait(false);
                                return ExitCodes.UsageOrConfiguration;
                            }

                            why = parsed;
                        }

                        var decide = new DecideHit(store.Reads, store.AuditLog);
                        IReadOnlyList<StoredHit> matches;
                        try
                        {
                            matches = decide.Find(user, parse.GetValue(id)!);
                        }
                        catch (FormatException ex)
                        {
                            await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                            return ExitCodes.UsageOrConfiguration;
                        }

                        if (matches.Count != 1)
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    matches.Count == 0
                                        ? $"edge-alpr: no hit {parse.GetValue(id)} in this store ('edge-alpr hits list --all' shows them)"
                                        : $"edge-alpr: {parse.GetValue(id)} is the start of {matches.Count} hits ({string.Join(", ", matches.Select(m => m.Id))}); give more of the id"
                                )
                                .ConfigureAwait(false);
                            return matches.Count == 0 ? ExitCodes.SomeInputsFailed : ExitCodes.UsageOrConfiguration;
                        }

                        var disposition = new HitDisposition(
                            matches[0].Id,
                            decision,
                            user.Login,
                            accept ? parse.GetValue(verifiedWith) : null,
                            parse.GetValue(note),
                            DateTimeOffset.UtcNow
                        )
                        {
                            Reason = why,
                        };
                        if (disposition.Validate() is { Count: > 0 } problems)
                        {
                            foreach (string problem in problems)
                            {
                                await Console.Error.WriteLineAsync($"edge-alpr: {problem}").ConfigureAwait(false);
                            }

                            return ExitCodes.UsageOrConfiguration;
                        }

                        StoredDisposition stored = decide.Decide(user, disposition);
                        await Console
                            .Error.WriteLineAsync(
                                $"edge-alpr: hit {matches[0].Id} {stored.Decision} by {stored.Officer}; stored, audited and queued for the platform"
                            )
                            .ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(WireJson.Line(DecisionWire.Of(stored))).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    async (agent, token) =>
                    {
                        // The agent takes whole ids; a short one is found among the hits it lists (the newest, decided or not).
                        string given = parse.GetValue(id)!.Trim();
                        List<OfficerWire.Hit> known = await RemoteHitsAsync(agent, all: true, HitEndpoints.MaxLimit, token).ConfigureAwait(false);
                        List<Guid> matches = Guid.TryParse(given, out Guid whole)
                            ? [whole]
                            : [.. known.Select(h => h.Id).Where(h => h.ToString().StartsWith(given, StringComparison.OrdinalIgnoreCase))];
                        if (given.Length < 8 && matches.Count != 1)
                        {
                            await Console
                                .Error.WriteLineAsync("edge-alpr: give the hit's id, or its first 8 or more characters")
                                .ConfigureAwait(false);
                            return ExitCodes.UsageOrConfiguration;
                        }

                        if (matches.Count != 1)
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    matches.Count == 0
                                        ? $"edge-alpr: no hit {given} among the newest {HitEndpoints.MaxLimit}; give the whole id"
                                        : $"edge-alpr: {given} is the start of {matches.Count} hits; give more of the id"
                                )
                                .ConfigureAwait(false);
                            return matches.Count == 0 ? ExitCodes.SomeInputsFailed : ExitCodes.UsageOrConfiguration;
                        }

                        JsonElement kept = await agent
                            .PostAsync(
                                $"api/hits/{matches[0]:D}/decision",
                                new HitEndpoints.DecisionBody(
                                    accept ? "accept" : "reject",
                                    accept ? parse.GetValue(verifiedWith) : null,
                                    null,
                                    accept ? null : parse.GetValue(reason),
                                    parse.GetValue(note)
                                ),
                                token
                            )
                            .ConfigureAwait(false);
                        await Console
                            .Error.WriteLineAsync(
                                $"edge-alpr: hit {matches[0]} decided through the running agent; stored, audited and queued for the platform"
                            )
                            .ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(kept.GetRawText()).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    }
                )
        );
        return command;
    }

    private sealed record ListedHit(Guid Id, Guid ReadId, DateTimeOffset CreatedAt, string CameraId, HitRecord Hit, DecisionWire? Decision)
    {
        public static ListedHit From(HitSummary h) =>
            new(h.Hit.Id, h.Hit.ReadId, h.Hit.CreatedAt, h.Hit.CameraId, h.Hit.Record, h.Decision is { } d ? DecisionWire.Of(d) : null);
    }
}
