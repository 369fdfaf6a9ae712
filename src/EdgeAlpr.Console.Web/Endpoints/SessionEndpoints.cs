using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;
using EdgeAlpr.WebConsole.Http;
using EdgeAlpr.WebConsole.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// Signing in and out, and who is signed in: <c>POST /api/session</c> (through the application's
/// <see cref="SignIn"/>, which audits every attempt and locks an account after repeated failures),
/// <c>DELETE /api/session</c>, <c>GET /api/me</c>.
/// </summary>
public static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/api/session", SignInAsync);
        api.MapDelete("/api/session", SignOutAsync);
        api.MapGet("/api/me", context => ConsoleRequest.Json(context, SignedInUser.Of(ConsoleRequest.User(context))));
    }

    /// <summary>The sign-in's body.</summary>
    public sealed record Credentials(string? User, string? Password);

    /// <summary>The signed-in person as the front end shows them: which pages it offers follows from <see cref="Permissions"/>.</summary>
    public sealed record SignedInUser(
        string Login,
        string DisplayName,
        IReadOnlyList<string> Roles,
        string AgencyOri,
        IReadOnlyList<string> Permissions
    )
    {
        public static SignedInUser Of(AuthenticatedUser user)
        {
            ArgumentNullException.ThrowIfNull(user);
            return new SignedInUser(
                user.Login,
                user.DisplayName,
                [.. user.Roles.Select(RoleNames.Name)],
                user.AgencyOri,
                [.. user.Permissions.Order().Select(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.ToString()))]
            );
        }
    }

    /// <summary>What a sign-in answers: the bearer token and the CSRF token (each shown once), when it ends if unused, and who.</summary>
    public sealed record SessionOpened(string Token, string CsrfToken, DateTimeOffset ExpiresAt, int IdleMinutes, SignedInUser User);

    private static async Task SignInAsync(HttpContext context)
    {
        Credentials? credentials = await ConsoleRequest.ReadJson<Credentials>(context).ConfigureAwait(false);
        if (credentials is null)
        {
            return;
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(credentials.User))
        {
            problems.Add("user is required");
        }

        if (string.IsNullOrEmpty(credentials.Password))
        {
            problems.Add("password is required");
        }

        if (problems.Count > 0)
        {
            await ConsoleRequest
                .Error(context, StatusCodes.Status400BadRequest, "sign-in needs a user and a password", problems)
                .ConfigureAwait(false);
            return;
        }

        AuthenticatedUser user;
        SignInGate gate = ConsoleRequest.Service<SignInGate>(context);
        await gate.Slots.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            user = ConsoleRequest.Service<SignIn>(context).Run(credentials.User!.Trim(), credentials.Password!, ConsoleRequest.Origin(context));
        }
        catch (SignInRefusedException ex)
        {
            int status = ex.Reason switch
            {
                SignInRefusal.Locked => StatusCodes.Status423Locked,
                SignInRefusal.BadCredentials => StatusCodes.Status401Unauthorized,
                _ => StatusCodes.Status403Forbidden,
            };
            await ConsoleRequest.Error(context, status, ex.Message, reason: ex.Code).ConfigureAwait(false);
            return;
        }
        finally
        {
            gate.Slots.Release();
        }

        ConsoleOptions options = ConsoleRequest.Service<ConsoleOptions>(context);
        OpenedSession opened = ConsoleRequest.Service<SessionStore>(context).Open(user);
        context.Response.Cookies.Append(
            SessionCheck.CookieName,
            opened.Token,
            new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            }
        );
        await ConsoleRequest
            .Json(context, new SessionOpened(opened.Token, opened.CsrfToken, opened.ExpiresAt, options.IdleMinutes, SignedInUser.Of(user)))
            .ConfigureAwait(false);
    }

    private static Task SignOutAsync(HttpContext context)
    {
        // Reached only with a live session, so the token is there.
        string token = SessionCheck.Token(context.Request)!;
        ConsoleRequest.Service<SessionStore>(context).Close(token, ConsoleRequest.Origin(context));
        context.Response.Cookies.Delete(
            SessionCheck.CookieName,
            new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
            }
        );
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
