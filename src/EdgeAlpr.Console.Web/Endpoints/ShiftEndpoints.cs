using EdgeAlpr.Application.People;
using EdgeAlpr.WebConsole.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The shift (<see cref="Shift"/>): who is signed on to this unit, so the in-cab buttons' decisions and every alert
/// raised are attributed to them. <c>GET /api/shift</c> (anyone signed in), <c>POST /api/shift</c> signs the
/// session's own user on (officer), <c>DELETE /api/shift</c> signs them off. No request can sign on someone else.
/// </summary>
public static class ShiftEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/shift", context => ConsoleRequest.Json(context, Wire(ConsoleRequest.Service<Shift>(context).Current)));
        api.MapPost("/api/shift", context =>
            ConsoleRequest.Json(context, Wire(ConsoleRequest.Service<Shift>(context).SignOn(ConsoleRequest.User(context))))
        );
        api.MapDelete("/api/shift", SignOffAsync);
    }

    /// <summary>Who is on shift (null: nobody) and since when.</summary>
    public sealed record ShiftWire(ShiftOfficer? Officer, DateTimeOffset? Since);

    public sealed record ShiftOfficer(string Login, string DisplayName);

    private static Task SignOffAsync(HttpContext context)
    {
        Shift shift = ConsoleRequest.Service<Shift>(context);
        if (shift.SignOff(ConsoleRequest.User(context)))
        {
            return ConsoleRequest.Json(context, Wire(shift.Current));
        }

        return ConsoleRequest.Error(
            context,
            StatusCodes.Status409Conflict,
            shift.Current is { } on
                ? $"{on.Officer.Login} is on shift, not you; only they end their shift (starting yours replaces theirs)"
                : "nobody is on shift",
            reason: "not_on_shift"
        );
    }

    private static ShiftWire Wire(OnShift? on) =>
        on is null ? new ShiftWire(null, null) : new ShiftWire(new ShiftOfficer(on.Officer.Login, on.Officer.DisplayName), on.Since);
}
