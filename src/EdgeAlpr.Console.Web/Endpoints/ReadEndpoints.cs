using System.Globalization;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The live reads (officer, investigator): <c>GET /api/reads</c> over <see cref="WatchReads"/>, and each read's
/// images, <c>GET /api/reads/{id}/images/{role}</c>, over <see cref="ViewReadImages"/> (checked against the capture
/// hash; the look audited, once per person and read per window).
/// </summary>
public static class ReadEndpoints
{
    public const int DefaultLimit = 50;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/reads", ListAsync);
        api.MapGet("/api/reads/{id}/images/{role}", ImageAsync);
    }

    private static Task ListAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        var problems = new List<string>();
        int limit = DefaultLimit;
        if (
            Text(query, "limit") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > WatchReads.MaxLimit)
        )
        {
            problems.Add($"limit must be a whole number from 1 to {WatchReads.MaxLimit} (is '{text}')");
        }

        DateTimeOffset? after = null;
        if (Text(query, "after") is { } since)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
            {
                after = at;
            }
            else
            {
                problems.Add($"after must be a time (2026-12-05T14:30:00Z), not '{since}'");
            }
        }

        foreach (string key in query.Keys.Where(k => k is not ("limit" or "after")))
        {
            problems.Add($"'{key}' is not a parameter; the parameters are limit and after");
        }

        if (problems.Count > 0)
        {
            return ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "the reads asked for are not clear", problems);
        }

        IReadOnlyList<StoredRead> reads = ConsoleRequest.Service<WatchReads>(context).Recent(ConsoleRequest.User(context), limit, after);
        return ConsoleRequest.Json(context, reads.Select(OfficerWire.Of).ToList());
    }

    private static async Task ImageAsync(HttpContext context)
    {
        string id = (string)context.Request.RouteValues["id"]!;
        string role = (string)context.Request.RouteValues["role"]!;
        if (!Guid.TryParse(id, out Guid readId))
        {
            await ConsoleRequest.Error(context, StatusCodes.Status404NotFound, $"no read {id}").ConfigureAwait(false);
            return;
        }

        ImageView view;
        try
        {
            view = ConsoleRequest.Service<ViewReadImages>(context).Find(ConsoleRequest.User(context), readId, role);
        }
        catch (CorruptImageException ex)
        {
            // Evidence that no longer matches its capture hash is not shown as if it were the capture.
            ConsoleRequest
                .Service<ILoggerFactory>(context)
                .CreateLogger("EdgeAlpr.WebConsole")
                .LogError(ex, "image {Role} of read {Read} was not shown: {Problem}", role, readId, ex.Message);
            await ConsoleRequest
                .Error(
                    context,
                    StatusCodes.Status500InternalServerError,
                    $"the {role} image of read {readId} does not match its capture hash; it is not shown",
                    reason: "corrupt"
                )
                .ConfigureAwait(false);
            return;
        }

        switch (view.Outcome)
        {
            case ImageOutcome.Found:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = view.Image!.MediaType;
                // Evidence: never kept by the browser or anything between (SecurityHeaders' no-store, said again here for an image).
                context.Response.Headers.CacheControl = "private, no-store";
                context.Response.ContentLength = view.Bytes!.Length;
                await context.Response.Body.WriteAsync(view.Bytes, context.RequestAborted).ConfigureAwait(false);
                return;
            case ImageOutcome.NoSuchRead:
                await ConsoleRequest.Error(context, StatusCodes.Status404NotFound, $"no read {readId}").ConfigureAwait(false);
                return;
            case ImageOutcome.Dropped:
                await ConsoleRequest
                    .Error(
                        context,
                        StatusCodes.Status404NotFound,
                        $"the images of read {readId} were given up under the storage quota",
                        reason: "dropped"
                    )
                    .ConfigureAwait(false);
                return;
            default:
                await ConsoleRequest
                    .Error(context, StatusCodes.Status404NotFound, $"read {readId} has no '{role}' image (roles: plate, context)")
                    .ConfigureAwait(false);
                return;
        }
    }

    private static string? Text(IQueryCollection query, string key) => query[key].ToString() is { Length: > 0 } value ? value.Trim() : null;
}
