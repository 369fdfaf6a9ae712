using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.Search;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Search;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr search</c>: the kept reads of one plate or partial plate, for a law-enforcement
/// case only, by a signed-in investigator (<c>--as</c>). Without a case number and an authorised
/// purpose it refuses and shows nothing; the refusal, or the search with its grounds and result
/// count, goes into the audit trail under the investigator.
/// </summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var cli = new StoreOptionsCli();
        var plate = new Option<string?>("--plate") { Description = "The plate, exactly (separators and case do not matter)" };
        var partial = new Option<string?>("--partial") { Description = "A partial plate: * for any run of characters, ? for one (e.g. AB*12)" };
        var from = new Option<string?>("--from") { Description = "Reads captured at or after this date or time (ISO 8601, UTC)" };
        var to = new Option<string?>("--to") { Description = "Reads captured at or before this date or time (a date: through that day)" };
        var caseNumber = new Option<string?>("--case-number") { Description = "The case the search is for (required)" };
        var purpose = new Option<string?>("--purpose") { Description = "The authorised purpose: the offence or law-enforcement need (required)" };
        var person = new PersonCli("You: the investigator who searches (your own account on this unit); audited as the actor");
        var onBehalfOf = new Option<string?>("--on-behalf-of", "--requested-by")
        {
            Description = "The person you search for, when not yourself (name, rank, agency); recorded beside you, never instead",
        };
        var limit = new Option<int>("--limit") { Description = "Show at most N reads (all are counted)", DefaultValueFactory = _ => 500 };
        var command = new Command(
            "search",
            "Search kept reads for a plate or partial plate; needs a case number and an authorised purpose, and is audited"
        );
        cli.AddTo(command);
        person.AddTo(command);
        foreach (Option o in new Option[] { plate, partial, from, to, caseNumber, purpose, onBehalfOf, limit })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                person.RunAsync(
                    cli,
                    parse,
                    async (store, user, services, _) =>
                    {
                        var use = new AuthorisedUse(parse.GetValue(caseNumber), parse.GetValue(purpose), parse.GetValue(onBehalfOf));
                        PlateSearch search = PlateSearch.Create(
                            parse.GetValue(plate),
                            parse.GetValue(partial),
                            CliTime.Parse(parse.GetValue(from), "--from", endOfDay: false),
                            CliTime.Parse(parse.GetValue(to), "--to", endOfDay: true)
                        );
                        int max = parse.GetValue(limit) is var n and >= 1 ? n : throw new FormatException("--limit must be at least 1");
                        SearchResult result = new SearchReads(store.Search, store.AuditLog, services.GetRequiredService<UsePolicy>()).Run(
                            user,
                            search,
                            use,
                            max
                        );
                        var summary = new SearchSummary(
                            search.Pattern,
                            search.Partial,
                            use.Case,
                            result.Total,
                            result.Matches.Count,
                            result.Truncated,
                            result.AuditSeq
                        );
                        if (parse.GetValue(cli.Json))
                        {
                            foreach (SearchMatch m in result.Matches)
                            {
                                await Console.Out.WriteLineAsync(WireJson.Line(ReadWire.ToRecord(m))).ConfigureAwait(false);
                            }

                            await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
                            return ExitCodes.Ok;
                        }

                        var table = new Table().AddColumns("captured (UTC)", "plate", "matched", "camera", "conf.", "location", "hits", "read");
                        foreach (SearchMatch m in result.Matches)
                        {
                            table.AddRow(
                                m.Read.CapturedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                                Markup.Escape(m.Read.Plate),
                                Markup.Escape(m.ByCandidate ? $"{m.MatchedText} (other reading)" : m.MatchedText),
                                Markup.Escape(m.Read.CameraId),
                                m.Read.Confidence.ToString("F2", CultureInfo.InvariantCulture),
                                m.Read.Location is { } at ? $"{at.Latitude:F5}, {at.Longitude:F5}" : "—",
                                Markup.Escape(string.Join(", ", m.Hits.Select(h => h.Record.Category))),
                                m.Read.Id.ToString()
                            );
                        }

                        AnsiConsole.Write(table);
                        await Console
                            .Error.WriteLineAsync(
                                $"edge-alpr: {result.Total} reads within retention match {search.Pattern}{(result.Truncated ? $" ({result.Matches.Count} shown)" : string.Empty)}; recorded as audit event {result.AuditSeq} for case {summary.CaseNumber}"
                            )
                            .ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    (agent, token) =>
                        RemoteAsync(
                            agent,
                            new SearchRequestWire(
                                parse.GetValue(plate),
                                parse.GetValue(partial),
                                parse.GetValue(caseNumber),
                                parse.GetValue(purpose),
                                CliTime.Parse(parse.GetValue(from), "--from", endOfDay: false)?.ToString("O", CultureInfo.InvariantCulture),
                                CliTime.Parse(parse.GetValue(to), "--to", endOfDay: true)?.ToString("O", CultureInfo.InvariantCulture),
                                parse.GetValue(onBehalfOf),
                                parse.GetValue(limit)
                            ),
                            parse.GetValue(cli.Json),
                            token
                        )
                )
        );
        return command;
    }

    // Through the running agent: the same use case answers, audited the same; a found read's images are links
    // under the console's session there (GET /api/reads/{id}/images/{role}) rather than hashes.
    private static async Task<int> RemoteAsync(AgentLink agent, SearchRequestWire request, bool json, CancellationToken cancellationToken)
    {
        SearchResponseWire answer = (
            await agent.PostAsync("api/search", request, cancellationToken).ConfigureAwait(false)
        ).Deserialize<SearchResponseWire>(WireJson.Options) ?? throw new InvalidDataException("the agent answered no search result");
        bool isPartial = request.Partial is not null;
        var summary = new SearchSummary(
            (isPartial ? request.Partial : request.Plate) ?? string.Empty,
            isPartial,
            request.CaseNumber?.Trim() ?? string.Empty,
            answer.Total,
            answer.Shown,
            answer.Truncated,
            answer.AuditSeq
        );
        if (json)
        {
            foreach (SearchResultWire m in answer.Results)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(m)).ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("captured (UTC)", "plate", "matched", "camera", "conf.", "location", "hits", "read");
        foreach (SearchResultWire m in answer.Results)
        {
            table.AddRow(
                m.CapturedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(m.Plate),
                Markup.Escape(m.ByCandidate ? $"{m.MatchedText} (other reading)" : m.MatchedText),
                Markup.Escape(m.CameraId),
                m.Confidence.ToString("F2", CultureInfo.InvariantCulture),
                m.Location is { } at ? $"{at.Latitude:F5}, {at.Longitude:F5}" : "—",
                Markup.Escape(string.Join(", ", m.Hits.Select(h => h.Category))),
                m.ReadId.ToString()
            );
        }

        AnsiConsole.Write(table);
        await Console
            .Error.WriteLineAsync(
                $"edge-alpr: {answer.Total} reads within retention match {summary.Query}{(answer.Truncated ? $" ({answer.Shown} shown)" : string.Empty)}; recorded as audit event {answer.AuditSeq} for case {summary.CaseNumber} (through the running agent)"
            )
            .ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
