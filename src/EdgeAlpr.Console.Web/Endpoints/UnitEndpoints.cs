using EdgeAlpr.Core.HotLists;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// <c>GET /api/unit</c> (anyone signed in): the unit's id, profile and covert flag (the officer's page plays no tone
/// and reads no plate aloud on a covert unit), and the choices a decision offers: what an acceptance was verified
/// with, and the reject reasons (Core's <see cref="RejectReasons"/>).
/// </summary>
public static class UnitEndpoints
{
    /// <summary>The usual sources an officer confirms a hit with; the page offers these and free text beside them.</summary>
    public static readonly IReadOnlyList<string> VerifiedWithChoices = ["LEADS", "NCIC", "SOS", "dispatch"];

    public sealed record UnitWire(
        string DeviceId,
        string? Profile,
        bool Covert,
        IReadOnlyList<string> VerifiedWith,
        IReadOnlyList<string> RejectReasons
    );

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/unit", context =>
        {
            ConsoleUnit unit = ConsoleRequest.Service<ConsoleUnit>(context);
            return ConsoleRequest.Json(context, new UnitWire(unit.DeviceId, unit.Profile, unit.Covert, VerifiedWithChoices, RejectReasons.All));
        });
    }
}
