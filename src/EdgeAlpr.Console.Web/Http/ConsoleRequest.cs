using EdgeAlpr.Application.People;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.WebConsole.LocalSocket;
using EdgeAlpr.WebConsole.Sessions;
using Microsoft.AspNetCore.Http;

namespace EdgeAlpr.WebConsole.Http;

/// <summary>
/// What every endpoint file uses: the signed-in user of the request (the session's, never one the request names),
/// the services handed in from the agent, JSON in the wire style, and errors in one shape.
/// </summary>
public static class ConsoleRequest
{
    private const string SessionItem = "edgealpr.session";

    /// <summary>The person this request acts as. Only endpoints behind the session check are reached, so there always is one.</summary>
    public static AuthenticatedUser User(HttpContext context) => Session(context).User;

    public static ConsoleSession Session(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[SessionItem] as ConsoleSession
            ?? throw new InvalidOperationException(
                "no session on this request: the endpoint is outside /api or was reached before the session check"
            );
    }

    internal static void SetSession(HttpContext context, ConsoleSession session) => context.Items[SessionItem] = session;

    /// <summary>A service of the agent the console was handed (a use case, a port, the clock).</summary>
    public static T Service<T>(HttpContext context)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(context);
        return (T)(
            context.RequestServices.GetService(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} was not handed to the console; add it to ConsoleServer's shared services")
        );
    }

    /// <summary>
    /// Where the request came from, for the audit trail: <c>console 127.0.0.1</c>, or over the agent's socket the
    /// operating-system account and process the kernel names (<c>cli over the agent socket: uid 1000 (alice), pid 4242</c>).
    /// </summary>
    public static string Origin(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PeerCredentials.Of(context) is { } peer ? $"cli over the agent socket: {peer}" : $"console {context.Connection.RemoteIpAddress}";
    }

    public static Task Json<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, WireJson.Options, context.RequestAborted);
    }

    public static Task Error(HttpContext context, int status, string error, IReadOnlyList<string>? problems = null, string? reason = null) =>
        Json(context, new ApiError(error) { Problems = problems is { Count: > 0 } ? problems : null, Reason = reason }, status);

    /// <summary>
    /// The request's JSON body as <typeparamref name="T"/>, or null with a 400 (or 415) already answered. Only
    /// <c>application/json</c> is read: a page elsewhere cannot send that without the browser asking first, so a
    /// cross-site form cannot post to the API.
    /// </summary>
    public static async Task<T?> ReadJson<T>(HttpContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasJsonContentType())
        {
            await Error(context, StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json)")
                .ConfigureAwait(false);
            return null;
        }

        try
        {
            T? body = await context.Request.ReadFromJsonAsync<T>(WireJson.Options, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await Error(context, StatusCodes.Status400BadRequest, "the body is empty; send a JSON object").ConfigureAwait(false);
            }

            return body;
        }
        catch (System.Text.Json.JsonException ex)
        {
            await Error(context, StatusCodes.Status400BadRequest, $"the body is not the JSON expected: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
