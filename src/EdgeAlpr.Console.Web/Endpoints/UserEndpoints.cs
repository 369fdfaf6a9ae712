using System.Globalization;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.People;
using EdgeAlpr.Core.People;
using EdgeAlpr.WebConsole.Http;
using EdgeAlpr.WebConsole.Sessions;
using EdgeAlpr.WebConsole.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The unit's user accounts over <see cref="AdministerUsers"/>, as <c>edge-alpr users</c> changes them while the agent
/// runs: the session's user is the admin (the use case checks <c>ManageUsers</c> and audits a refusal and every
/// change). A refused change is 400 with its problems, an unknown user 404 (<see cref="ErrorMapping"/>). Making the
/// first admin of an empty unit needs no sign-in, so it is never offered here: it is done with the agent stopped.
/// </summary>
public static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/users", ListAsync);
        api.MapPost("/api/users", AddAsync);
        api.MapPost("/api/users/{login}/disable", context =>
            Change(context, (u, admin) => u.Disable(admin, Login(context)), endsSessions: "account_disabled")
        );
        api.MapPost("/api/users/{login}/enable", context => Change(context, (u, admin) => u.Enable(admin, Login(context))));
        api.MapPut("/api/users/{login}/roles", SetRolesAsync);
        api.MapPost("/api/users/{login}/password", PasswordAsync);
        api.MapPost("/api/users/{login}/certify", CertifyAsync);
    }

    private static Task ListAsync(HttpContext context)
    {
        IReadOnlyList<UnitUser> users = ConsoleRequest.Service<AdministerUsers>(context).List(ConsoleRequest.User(context));
        return ConsoleRequest.Json(context, users.Select(u => Record(context, u)).ToList());
    }

    private static async Task AddAsync(HttpContext context)
    {
        NewUserWire? body = await ConsoleRequest.ReadJson<NewUserWire>(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var problems = new List<string>();
        List<Role> roles = Roles(body.Roles, problems);
        DateOnly until = Day(body.CertifiedUntil, "certified_until", problems);
        string login = body.User ?? string.Empty;
        var request = new NewUser(login, body.DisplayName ?? login, roles, body.Agency ?? string.Empty, until);
        UnitUser user = ConsoleRequest
            .Service<AdministerUsers>(context)
            .Add(ConsoleRequest.User(context), request, body.Password ?? string.Empty, problems);
        await ConsoleRequest.Json(context, Record(context, user), StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private static async Task SetRolesAsync(HttpContext context)
    {
        string login = Login(context);
        RolesWire? body = await ConsoleRequest.ReadJson<RolesWire>(context).ConfigureAwait(false);
        if (body is not null)
        {
            var problems = new List<string>();
            List<Role> roles = Roles(body.Roles, problems);
            await Change(context, (u, admin) => u.SetRoles(admin, login, roles, problems), endsSessions: "roles_changed").ConfigureAwait(false);
        }
    }

    private static async Task PasswordAsync(HttpContext context)
    {
        string login = Login(context);
        PasswordWire? body = await ConsoleRequest.ReadJson<PasswordWire>(context).ConfigureAwait(false);
        if (body is not null)
        {
            await Change(context, (u, admin) => u.ResetPassword(admin, login, body.Password ?? string.Empty), endsSessions: "password_reset")
                .ConfigureAwait(false);
        }
    }

    private static async Task CertifyAsync(HttpContext context)
    {
        string login = Login(context);
        CertifyWire? body = await ConsoleRequest.ReadJson<CertifyWire>(context).ConfigureAwait(false);
        if (body is not null)
        {
            var problems = new List<string>();
            DateOnly until = Day(body.Until, "until", problems);
            // Certified to a day already past: the account can no longer act, so neither can its sessions.
            DateOnly today = DateOnly.FromDateTime(ConsoleRequest.Service<TimeProvider>(context).GetLocalNow().DateTime);
            await Change(context, (u, admin) => u.Certify(admin, login, until, problems), endsSessions: until < today ? "certification_ended" : null)
                .ConfigureAwait(false);
        }
    }

    private static string Login(HttpContext context) => (string)context.Request.RouteValues["login"]!;

    /// <summary>
    /// One change by the session's admin, answered with the user as it now is. A change that takes access away
    /// (<paramref name="endsSessions"/>, the reason audited) also ends the user's open sessions, so it applies now and
    /// not when they expire.
    /// </summary>
    private static Task Change(HttpContext context, Func<AdministerUsers, AuthenticatedUser, UnitUser> change, string? endsSessions = null)
    {
        UnitUser user = change(ConsoleRequest.Service<AdministerUsers>(context), ConsoleRequest.User(context));
        if (endsSessions is not null)
        {
            ConsoleRequest.Service<SessionStore>(context).EndAllOf(user.Login, endsSessions);
        }

        return ConsoleRequest.Json(context, Record(context, user));
    }

    /// <summary>The user as <c>edge-alpr users list --json</c> prints it (never the hash), in the unit's time zone.</summary>
    private static UserRecord Record(HttpContext context, UnitUser user)
    {
        TimeProvider time = ConsoleRequest.Service<TimeProvider>(context);
        return UserWire.Record(user, time.GetUtcNow(), time.LocalTimeZone);
    }

    private static List<Role> Roles(IReadOnlyList<string?>? names, List<string> problems)
    {
        var roles = new List<Role>();
        foreach (string? name in names ?? [])
        {
            try
            {
                roles.Add(RoleNames.Parse(name ?? string.Empty));
            }
            catch (FormatException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return roles;
    }

    // An unusable date is a problem, and the latest day stands in for it so the use case adds no second one about it.
    private static DateOnly Day(string? text, string field, List<string> problems)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            return day;
        }

        problems.Add($"{field} must be a date as YYYY-MM-DD (is '{text}')");
        return DateOnly.MaxValue;
    }
}
