using EdgeAlpr.Application.UseCases;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The store as a whole over <see cref="InspectStore"/>, as <c>edge-alpr store stats|verify</c> ask it while the agent
/// holds it: <c>GET /api/store/stats</c> and <c>POST /api/store/verify</c> (a POST: the check is audited and corrects the
/// image byte count), each for an admin or an auditor. The answers are the records the commands print.
/// </summary>
public static class StoreEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/store/stats", context => ConsoleRequest.Json(context, Inspect(context).Stats(ConsoleRequest.User(context))));
        api.MapPost("/api/store/verify", VerifyAsync);
    }

    private static async Task VerifyAsync(HttpContext context)
    {
        // The whole store is read: off the request's thread, and given up if the caller goes away.
        InspectStore inspect = Inspect(context);
        var report = await Task.Run(() => inspect.Verify(ConsoleRequest.User(context), context.RequestAborted), context.RequestAborted)
            .ConfigureAwait(false);
        await ConsoleRequest.Json(context, report).ConfigureAwait(false);
    }

    private static InspectStore Inspect(HttpContext context) => ConsoleRequest.Service<InspectStore>(context);
}
