using EdgeAlpr.Application.People;
using EdgeAlpr.Core.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.WebConsole.Http;

/// <summary>
/// Turns what the use cases refuse with into HTTP answers, so endpoint files need not: a permission the user's
/// roles lack → 403, a use the directive does not allow or a change to an account its rules refuse → 400 with its
/// problems, an account that does not exist → 404. Anything else is a fault: logged, and answered 500 without its details.
/// </summary>
public static class ErrorMapping
{
    public static async Task Apply(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (AccessDeniedException ex) when (!context.Response.HasStarted)
        {
            await ConsoleRequest.Error(context, StatusCodes.Status403Forbidden, ex.Message, reason: "access_denied").ConfigureAwait(false);
        }
        catch (UserAdministrationException ex) when (!context.Response.HasStarted)
        {
            // A change to an account refused by its rules or its input; or no such account.
            await (
                ex.UnknownUser
                    ? ConsoleRequest.Error(context, StatusCodes.Status404NotFound, ex.Problems[0], reason: "unknown_user")
                    : ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "refused", ex.Problems, "refused")
            ).ConfigureAwait(false);
        }
        catch (UseRefusedException ex) when (!context.Response.HasStarted)
        {
            await ConsoleRequest.Error(context, StatusCodes.Status400BadRequest, "refused", ex.Problems, "refused").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            ILogger logger = ConsoleRequest.Service<ILoggerFactory>(context).CreateLogger("EdgeAlpr.WebConsole");
            logger.LogError(ex, "console request {Method} {Path} failed", context.Request.Method, context.Request.Path.Value);
            await ConsoleRequest
                .Error(context, StatusCodes.Status500InternalServerError, "the unit could not answer; the fault is in its log")
                .ConfigureAwait(false);
        }
    }
}
