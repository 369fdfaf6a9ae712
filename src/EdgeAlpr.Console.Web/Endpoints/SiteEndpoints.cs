using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>
/// The front end: the files under <c>site/</c>, embedded in this assembly and read once, each served at its path
/// (<c>/</c> is <c>index.html</c>). Nothing is read from disk, so what runs is what was built and signed off.
/// </summary>
public static class SiteEndpoints
{
    private const string Prefix = "site/";

    private static readonly Lazy<IReadOnlyDictionary<string, (byte[] Body, string Type)>> Files = new(Load);

    public static IReadOnlyCollection<string> Paths => [.. Files.Value.Keys];

    public static void Map(IEndpointRouteBuilder site)
    {
        foreach ((string path, (byte[] body, string type)) in Files.Value)
        {
            RequestDelegate serve = context => Serve(context, body, type);
            site.MapGet(path, serve);
            if (path == "/index.html")
            {
                site.MapGet("/", serve);
            }
        }
    }

    private static Task Serve(HttpContext context, byte[] body, string type)
    {
        context.Response.ContentType = type;
        // Small files on a local link: fetched again each time (no stale page after an update), never stored.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static Dictionary<string, (byte[] Body, string Type)> Load()
    {
        Assembly assembly = typeof(SiteEndpoints).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string path = "/" + name[Prefix.Length..].Replace('\\', '/');
            files[path] = (copy.ToArray(), TypeOf(path));
        }

        return files;
    }

    private static string TypeOf(string path) =>
        Path.GetExtension(path) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            ".ico" => "image/x-icon",
            _ => "application/octet-stream",
        };
}
