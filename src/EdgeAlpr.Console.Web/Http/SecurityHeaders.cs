using Microsoft.AspNetCore.Http;

namespace EdgeAlpr.WebConsole.Http;

/// <summary>
/// The headers on every response: a content policy that runs only the console's own scripts and styles (no inline
/// script, so an injected string cannot run), no framing, no referrer, no sniffing; API answers are never cached,
/// since they hold evidence and audit records.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static Task Apply(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (context.Request.Path.StartsWithSegments(SessionCheck.ApiPrefix, StringComparison.Ordinal))
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }

        return next(context);
    }
}
