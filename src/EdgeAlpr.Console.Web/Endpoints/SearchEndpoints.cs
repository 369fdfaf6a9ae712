using System.Globalization;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Search;
using EdgeAlpr.WebConsole.Http;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The investigator's search over <see cref="SearchReads"/>, which checks the permission, refuses a search
/// without grounds and audits both under the signed-in user: <c>POST /api/search</c>. And <c>GET /api/policy</c>,
/// the agency's case-number format and purpose rules, for the form's hints.
/// </summary>
public static class SearchEndpoints
{
    public const int DefaultLimit = 200;

    /// <summary>As many as one search's audit event lists by id, so every read shown is named in the trail.</summary>
    public const int MaxLimit = SearchReads.MaxAuditedIds;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/api/search", SearchAsync);
        api.MapGet("/api/policy", PolicyAsync);
    }

    private static async Task SearchAsync(HttpContext context)
    {
        SearchRequestWire? body = await ConsoleRequest.ReadJson<SearchRequestWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        (PlateSearch? search, AuthorisedUse use, int limit, List<string> problems) = Parse(body);
        if (search is null)
        {
            // Not a search yet (no plate, a bad date): nothing was asked of the store, so nothing is audited.
            await ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the search is not usable", problems).ConfigureAwait(false);
            return;
        }

        SearchResult result = ConsoleRequest.Service<SearchReads>(context).Run(ConsoleRequest.User(context), search, use, limit);
        await ConsoleRequest
            .Json(
                context,
                new SearchResponseWire(
                    [.. result.Matches.Select(SearchResultWire.From)],
                    result.Total,
                    result.Matches.Count,
                    result.Truncated,
                    result.AuditSeq
                )
            )
            .ConfigureAwait(false);
    }

    private static Task PolicyAsync(HttpContext context)
    {
        UsePolicy policy = ConsoleRequest.Service<UsePolicy>(context);
        return ConsoleRequest.Json(
            context,
            new PolicyWire(
                policy.CaseNumberFormat,
                policy.CaseNumberPattern,
                AuthorisedUse.MinPurposeLength,
                AuthorisedUse.MaxPurposeLength,
                "stolen vehicle reported 2026-11-30"
            )
        );
    }

    /// <summary>The search the body asks for and its grounds, or no search and each problem with the body.</summary>
    public static (PlateSearch? Search, AuthorisedUse Use, int Limit, List<string> Problems) Parse(SearchRequestWire body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var problems = new List<string>();
        var use = new AuthorisedUse(body.CaseNumber, body.Purpose, body.OnBehalfOf);
        DateTimeOffset? from = Time(body.From, "from", problems);
        DateTimeOffset? to = Time(body.To, "to", problems);
        int limit = body.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            problems.Add($"limit must be from 1 to {MaxLimit} (is {limit})");
        }

        bool hasPlate = !string.IsNullOrWhiteSpace(body.Plate);
        if (hasPlate == !string.IsNullOrWhiteSpace(body.Partial))
        {
            problems.Add("give either plate or partial (a partial plate with * and ?, e.g. AB*12), not both and not neither");
        }
        else if (problems.Count == 0)
        {
            try
            {
                return (PlateSearch.Create(body.Plate, body.Partial, from, to), use, limit, problems);
            }
            catch (FormatException ex)
            {
                // The Core's words name the CLI's options; here the fields are the JSON's.
                problems.Add(ex.Message.Replace("--", string.Empty, StringComparison.Ordinal));
            }
        }

        return (null, use, limit, problems);
    }

    private static DateTimeOffset? Time(string? text, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            return at;
        }

        problems.Add($"{name} must be a date or time (2026-12-05 or 2026-12-05T14:30:00Z), not '{text}'");
        return null;
    }
}
