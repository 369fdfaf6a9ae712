using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Search;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A person searches the kept reads for a plate or a partial plate: for an authorised use only, by a signed-in
/// user whose roles allow it. Without a case number and an authorised purpose it is refused
/// (<see cref="UseRefusedException"/>), the refusal audited under the user and nothing read; otherwise the search,
/// its grounds, its result count and the reads it found are audited. The CLI, the console and the agent all come here.
/// </summary>
public sealed class SearchReads(IReadSearch reads, IAuditLog audit, UsePolicy? policy = null)
{
    /// <summary>The most read ids one search's audit event lists; the count is always whole.</summary>
    public const int MaxAuditedIds = 1000;

    private readonly UsePolicy _policy = policy ?? UsePolicy.Default;

    public SearchResult Run(AuthenticatedUser actor, PlateSearch search, AuthorisedUse use, int limit = 500)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(use);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Access.Authorize(actor, Permission.Search, audit, "search", search.Pattern);
        Dictionary<string, object?> details = Grounds(search, use);
        if (use.Problems(_policy) is { Count: > 0 } problems)
        {
            details["problems"] = problems;
            audit.RecordAudit("search_refused", search.Pattern, details, actor.Login);
            throw new UseRefusedException(problems);
        }

        ReadSearchResult found = reads.Find(search, limit);
        details["results"] = found.Total;
        details["read_ids"] = found.ReadIds.Take(MaxAuditedIds).ToList();
        long seq = audit.RecordAudit("search", search.Pattern, details, actor.Login);
        return new SearchResult(found.Matches, found.Total, seq);
    }

    // The order is the audit event's; the chain's hash sorts keys, so it is for readers only.
    private static Dictionary<string, object?> Grounds(PlateSearch search, AuthorisedUse use)
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["case_number"] = use.Case,
            ["purpose"] = use.Purpose?.Trim() ?? string.Empty,
            ["query"] = search.Pattern,
            ["partial"] = search.Partial,
        };
        if (use.Behalf is { } behalf)
        {
            details["on_behalf_of"] = behalf;
        }

        if (search.From is { } from)
        {
            details["from"] = from;
        }

        if (search.To is { } to)
        {
            details["to"] = to;
        }

        return details;
    }
}
