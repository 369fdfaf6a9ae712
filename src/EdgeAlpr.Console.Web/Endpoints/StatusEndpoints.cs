using EdgeAlpr.Application.Ports;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The unit's status for anyone signed in: <c>GET /api/status</c> answers the health message the platform gets
/// (cameras, queues, outbox age, hot list, storage, GPS, temperature). It holds no evidence, so no role is asked.
/// </summary>
public static class StatusEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/status", context => ConsoleRequest.Json(context, ConsoleRequest.Service<IUnitHealth>(context).Current()));
    }
}
