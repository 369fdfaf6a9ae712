using System.Globalization;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The auditor's pages' API, over <see cref="ReviewAudit"/> (which checks the permission and audits each look):
/// <c>GET /api/audit</c> with filters, <c>GET /api/audit/verify</c>.
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/audit", EventsAsync);
        api.MapGet("/api/audit/verify", VerifyAsync);
    }

    /// <summary>The chain's verification and its checkpoints.</summary>
    public sealed record VerifyWire(
        bool Ok,
        long Events,
        long FirstSeq,
        long LastSeq,
        string HeadHash,
        long PurgedThrough,
        int CheckpointCount,
        AuditBreak? FirstBreak,
        IReadOnlyList<AuditEventWire> Checkpoints
    )
    {
        /// <summary>The verification as the CLI prints it on the store itself.</summary>
        public AuditVerification Verification() => new(Events, FirstSeq, LastSeq, HeadHash, PurgedThrough, CheckpointCount, FirstBreak);
    }

    private static Task EventsAsync(HttpContext context)
    {
        (AuditFilter? filter, List<string> problems) = Filter(context.Request.Query);
        if (filter is null)
        {
            return ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the audit filter is not usable", problems);
        }

        IReadOnlyList<StoredAuditEvent> events = ConsoleRequest.Service<ReviewAudit>(context).Events(ConsoleRequest.User(context), filter);
        return ConsoleRequest.Json(context, events.Select(Wire).ToList());
    }

    private static Task VerifyAsync(HttpContext context)
    {
        // Checkpoints held elsewhere (the platform's copy), each SEQ:SHA256, as `edge-alpr audit verify --checkpoint` gives them.
        var expected = new Dictionary<long, string>();
        foreach (string? given in context.Request.Query["checkpoint"])
        {
            if (AuditCheckpoints.TryParse(given, out long seq, out string? hash))
            {
                expected[seq] = hash;
            }
            else
            {
                return ConsoleRequest.Error(
                    context,
                    StatusCodes.Status400BadRequest,
                    $"checkpoint '{given}' is not SEQ:SHA256 (an event number, a colon, 64 hex digits)"
                );
            }
        }

        AuditReview review = ConsoleRequest.Service<ReviewAudit>(context).Verify(ConsoleRequest.User(context), expected, context.RequestAborted);
        AuditVerification v = review.Verification;
        return ConsoleRequest.Json(
            context,
            new VerifyWire(
                v.Ok,
                v.Events,
                v.FirstSeq,
                v.LastSeq,
                v.HeadHash,
                v.PurgedThrough,
                v.Checkpoints,
                v.FirstBreak,
                [.. review.Checkpoints.Select(Wire)]
            )
        );
    }

    /// <summary>The filter the query names (<c>action</c>, <c>actor</c>, <c>subject</c>, <c>from</c>, <c>to</c>, <c>limit</c>), or null and why not.</summary>
    public static (AuditFilter? Filter, List<string> Problems) Filter(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<string>();
        DateTimeOffset? from = Time(query, "from", problems);
        DateTimeOffset? to = Time(query, "to", problems);
        int limit = DefaultLimit;
        if (
            Text(query, "limit") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ReviewAudit.MaxLimit)
        )
        {
            problems.Add($"limit must be a whole number from 1 to {ReviewAudit.MaxLimit} (is '{text}')");
        }

        if (from is not null && to is not null && from > to)
        {
            problems.Add("from is after to");
        }

        foreach (string key in query.Keys.Where(k => k is not ("action" or "actor" or "subject" or "case_number" or "from" or "to" or "limit")))
        {
            problems.Add($"'{key}' is not a filter; the filters are action, actor, subject, case_number, from, to and limit");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return (
            new AuditFilter
            {
                Action = Text(query, "action"),
                Actor = Text(query, "actor"),
                Subject = Text(query, "subject"),
                CaseNumber = Text(query, "case_number"),
                From = from,
                To = to,
                Limit = limit,
            },
            problems
        );
    }

    private static AuditEventWire Wire(StoredAuditEvent e) => AuditEventWire.From(e);

    private static string? Text(IQueryCollection query, string key) => query[key].ToString() is { Length: > 0 } value ? value.Trim() : null;

    private static DateTimeOffset? Time(IQueryCollection query, string key, List<string> problems)
    {
        if (Text(query, key) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            return at;
        }

        problems.Add($"{key} must be a date or time (2026-12-05 or 2026-12-05T14:30:00Z), not '{text}'");
        return null;
    }
}
