using EdgeAlpr.WebConsole.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EdgeAlpr.WebConsole.Http;

/// <summary>
/// Guards everything under <c>/api</c> but signing in: the request must carry a live session's token, as
/// <c>Authorization: Bearer</c> or in the <c>edgealpr_session</c> cookie; else 401. A cookie is sent by the browser
/// on its own, so a cookie-authenticated request that changes something must also carry the session's CSRF token
/// in <c>X-CSRF-Token</c>, which a page of another site cannot read; else 403. A bearer token is never sent on its
/// own, so it needs none.
/// </summary>
public static class SessionCheck
{
    public const string ApiPrefix = "/api";
    public const string CookieName = "edgealpr_session";
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>Sent by a page that refreshes itself: the request is served but does not count as use, so the idle limit still ends an unattended session.</summary>
    public const string BackgroundHeader = "X-EdgeAlpr-Background";

    public static async Task Apply(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        PathString path = context.Request.Path;
        if (!path.StartsWithSegments(ApiPrefix, StringComparison.Ordinal) || IsSignIn(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        SessionStore sessions = ConsoleRequest.Service<SessionStore>(context);
        string? bearer = Bearer(context.Request);
        string? token = bearer ?? context.Request.Cookies[CookieName];
        ConsoleSession? session = sessions.Find(token, touch: !context.Request.Headers.ContainsKey(BackgroundHeader));
        if (session is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ConsoleRequest
                .Error(
                    context,
                    StatusCodes.Status401Unauthorized,
                    token is null ? "sign in first (POST /api/session)" : "the session has ended; sign in again"
                )
                .ConfigureAwait(false);
            return;
        }

        if (bearer is null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            if (!SessionStore.CsrfMatches(session, context.Request.Headers[CsrfHeader]))
            {
                await ConsoleRequest
                    .Error(
                        context,
                        StatusCodes.Status403Forbidden,
                        $"a change made with the session cookie needs the session's CSRF token in the {CsrfHeader} header",
                        reason: "csrf"
                    )
                    .ConfigureAwait(false);
                return;
            }
        }

        ConsoleRequest.SetSession(context, session);
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The session's token as the request gives it, for signing out.</summary>
    public static string? Token(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Bearer(request) ?? request.Cookies[CookieName];
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(SessionEndpointsPath, StringComparison.Ordinal);

    private const string SessionEndpointsPath = ApiPrefix + "/session";

    private static string? Bearer(HttpRequest request)
    {
        string? header = request.Headers[HeaderNames.Authorization];
        const string Scheme = "Bearer ";
        return header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }
}
