using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeAlpr.WebConsole.Endpoints;

namespace EdgeAlpr.Console.Tests;

/// <summary>The unit status for anyone signed in, the security headers, and the embedded front end.</summary>
public sealed partial class StatusAndSiteTests
{
    [Fact]
    public async Task Anyone_signed_in_reads_the_units_health()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient officer = await console.BearerAsync("ofc.lee");
        HttpResponseMessage response = await officer.GetAsync("/api/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject health = await ConsoleHarness.Json(response);
        Assert.Equal("health", (string)health["type"]!);
        Assert.Equal("unit-7", (string)health["device_id"]!);
        // The sign-in's audit event waits in the outbox for the platform, as the store says.
        Assert.Equal(console.Store.Outbox.Backlog().Items, (int)health["outbox"]!["items"]!);
        Assert.True((int)health["outbox"]!["items"]! > 0);
        Assert.NotNull(health["hot_list"]!["version"]);
        Assert.NotNull(health["hot_list"]!["stale"]);
        Assert.False((bool)health["storage"]!["alarm"]!);
        Assert.NotNull(health["uplink"]);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_api_answers_are_not_stored()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = console.Client();
        foreach (string path in new[] { "/", "/app.js", "/api/me" })
        {
            HttpResponseMessage response = await client.GetAsync(path);
            string policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Server"));
            Assert.Equal(path.StartsWith("/api", StringComparison.Ordinal) ? "no-store" : "no-cache", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task The_page_is_served_with_no_inline_script_or_style_and_every_module_it_imports_is_there()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = console.Client();
        HttpResponseMessage index = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        string html = await index.Content.ReadAsStringAsync();
        Assert.Contains("id=\"sign-in-form\"", html, StringComparison.Ordinal);
        Assert.Matches("<script type=\"module\" src=\"/app.js\"></script>", html);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("\\son[a-z]+=", html);
        Assert.DoesNotMatch("\\sstyle=", html);

        // Each module's imports resolve to a file the console serves, as JavaScript.
        var pending = new Queue<string>(["/app.js"]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out string? path))
        {
            if (!seen.Add(path))
            {
                continue;
            }

            HttpResponseMessage module = await client.GetAsync(path);
            Assert.True(module.StatusCode == HttpStatusCode.OK, $"{path}: {module.StatusCode}");
            Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
            string code = await module.Content.ReadAsStringAsync();
            foreach (Match import in Imports().Matches(code))
            {
                pending.Enqueue(new Uri(new Uri("https://unit" + path), import.Groups[1].Value).AbsolutePath);
            }
        }

        Assert.Contains("/pages/audit.js", seen);
        Assert.Contains("/pages/status.js", seen);
        Assert.Contains("/pages/officer.js", seen);
        Assert.Contains("/pages/search.js", seen);
        Assert.Contains("/pages/releases.js", seen);
        Assert.Contains("/pages/local-entries.js", seen);
        Assert.Equal(SiteEndpoints.Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)).Order(), seen.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/nothing.js")).StatusCode);
    }

    [GeneratedRegex("from \"(\\.{1,2}/[^\"]+)\"")]
    private static partial Regex Imports();
}
