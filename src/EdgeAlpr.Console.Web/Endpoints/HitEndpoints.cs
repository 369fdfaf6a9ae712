using System.Globalization;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The officer's hits, over <see cref="DecideHit"/>: <c>GET /api/hits</c> (the list; audited <c>hits_listed</c> only
/// when it changed for this session), <c>GET /api/hits/{id}</c> (one in full with its images; audited
/// <c>hit_viewed</c>), <c>POST /api/hits/{id}/decision</c> (accept or reject, attributed to the session's user and
/// to nobody a body names).
/// </summary>
public static class HitEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/hits", ListAsync);
        api.MapGet("/api/hits/{id}", OneAsync);
        api.MapPost("/api/hits/{id}/decision", DecideAsync);
    }

    /// <summary>
    /// An officer's decision as the page sends it. There is no officer field: the officer is the session's user; a
    /// body that names one has it ignored (JSON's unknown members are skipped).
    /// </summary>
    public sealed record DecisionBody(string? Decision, string? VerifiedWith, string? VerifiedDetail, string? Reason, string? Note);

    private static Task ListAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        var problems = new List<string>();
        int limit = DefaultLimit;
        if (
            Text(query, "limit") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
        )
        {
            problems.Add($"limit must be a whole number from 1 to {MaxLimit} (is '{text}')");
        }

        bool all = false;
        if (Text(query, "all") is { } allText && !bool.TryParse(allText, out all))
        {
            problems.Add($"all must be true or false (is '{allText}')");
        }

        foreach (string key in query.Keys.Where(k => k is not ("limit" or "all")))
        {
            problems.Add($"'{key}' is not a parameter; the parameters are all and limit");
        }

        if (problems.Count > 0)
        {
            return ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the hits asked for are not clear", problems);
        }

        // The fingerprint of what this session was last shown: the screen polls every 2 s, and an unchanged answer is
        // not a new look, so it is not audited again (DecideHit.List says why).
        Sessions.ConsoleSession session = ConsoleRequest.Session(context);
        HitListing listing = ConsoleRequest.Service<DecideHit>(context).List(session.User, limit, undecidedOnly: !all, session.HitsFingerprint);
        session.HitsFingerprint = listing.Fingerprint;
        return ConsoleRequest.Json(context, listing.Hits.Select(h => OfficerWire.Of(h.Hit, h.Decision)).ToList());
    }

    private static Task OneAsync(HttpContext context)
    {
        if (!Guid.TryParse((string)context.Request.RouteValues["id"]!, out Guid id))
        {
            return NoSuchHit(context);
        }

        HitView? view = ConsoleRequest.Service<DecideHit>(context).View(ConsoleRequest.User(context), id);
        return view is null ? NoSuchHit(context) : ConsoleRequest.Json(context, OfficerWire.Of(view.Hit, view.Decision, view.Read));
    }

    private static async Task DecideAsync(HttpContext context)
    {
        if (!Guid.TryParse((string)context.Request.RouteValues["id"]!, out Guid id))
        {
            await NoSuchHit(context).ConfigureAwait(false);
            return;
        }

        DecisionBody? body = await ConsoleRequest.ReadJson<DecisionBody>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        (HitDisposition? disposition, List<string> problems) = Disposition(id, body, ConsoleRequest.Service<TimeProvider>(context).GetUtcNow());
        if (disposition is null)
        {
            await ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the decision is not complete", problems).ConfigureAwait(false);
            return;
        }

        StoredDisposition kept;
        try
        {
            // The officer is the session's user; DecideHit replaces whatever the disposition names.
            kept = ConsoleRequest.Service<DecideHit>(context).Decide(ConsoleRequest.User(context), disposition);
        }
        catch (UnknownHitException)
        {
            await NoSuchHit(context).ConfigureAwait(false);
            return;
        }

        await ConsoleRequest.Json(context, DecisionWire.Of(kept)).ConfigureAwait(false);
    }

    /// <summary>The body as a disposition (its officer left for the use case to set), or the problems with it.</summary>
    public static (HitDisposition? Disposition, List<string> Problems) Disposition(Guid hitId, DecisionBody body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var problems = new List<string>();
        HitDecision? decision = body.Decision?.Trim().ToLowerInvariant() switch
        {
            "accept" or "accepted" => HitDecision.Accepted,
            "reject" or "rejected" => HitDecision.Rejected,
            _ => null,
        };
        if (decision is null)
        {
            problems.Add($"decision must be accept or reject (is '{body.Decision}')");
        }

        RejectReason? reason = null;
        if (Clean(body.Reason) is { } reasonText)
        {
            if (RejectReasons.TryParse(reasonText, out RejectReason parsed))
            {
                reason = parsed;
            }
            else
            {
                problems.Add($"reason '{reasonText}' is not one of {string.Join(", ", RejectReasons.All)}");
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        // What it was verified with, and the free text beside it ("LEADS: dispatch 4411 confirmed"), kept as one.
        string? verifiedWith = (Clean(body.VerifiedWith), Clean(body.VerifiedDetail)) switch
        {
            ({ } with, { } detail) => $"{with}: {detail}",
            ({ } with, null) => with,
            _ => null,
        };
        var disposition = new HitDisposition(hitId, decision!.Value, "(the session's user)", verifiedWith, Clean(body.Note), now) { Reason = reason };
        problems.AddRange(disposition.Validate());
        return problems.Count > 0 ? (null, problems) : (disposition, problems);
    }

    private static Task NoSuchHit(HttpContext context) =>
        ConsoleRequest.Error(context, StatusCodes.Status404NotFound, $"no hit {context.Request.RouteValues["id"]} in this unit's store");

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Text(IQueryCollection query, string key) => query[key].ToString() is { Length: > 0 } value ? value.Trim() : null;
}
