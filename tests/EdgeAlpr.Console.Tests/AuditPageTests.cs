using System.Net;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Console.Tests;

/// <summary>The auditor's API: events with filters, the chain's verification and checkpoints; each look audited; no one else let in.</summary>
public sealed class AuditPageTests
{
    [Fact]
    public async Task An_auditor_reads_events_with_action_and_actor_and_the_look_is_itself_audited()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        await console.BearerAsync("ofc.lee");
        HttpClient auditor = await console.BearerAsync("aud.kim");

        HttpResponseMessage response = await auditor.GetAsync("/api/audit?action=sign_in");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        JsonArray events = await ConsoleHarness.JsonArray(response);
        Assert.Equal(["aud.kim", "ofc.lee"], events.Select(e => (string)e!["actor"]!).Order());
        Assert.All(events, e => Assert.Equal("sign_in", (string)e!["action"]!));
        Assert.All(events, e => Assert.True((long)e!["seq"]! > 0 && e["at"] is not null && e["details"] is JsonObject));

        StoredAuditEvent viewed = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "audit_viewed" }));
        Assert.Equal("aud.kim", viewed.Actor);
        Assert.Equal(
            ("events", "sign_in", "2"),
            ((string?)viewed.Details["view"], (string?)viewed.Details["action"], viewed.Details["events"]!.ToJsonString())
        );

        JsonArray byActor = await ConsoleHarness.JsonArray(await auditor.GetAsync("/api/audit?actor=ofc.lee&action=sign_*"));
        Assert.Equal("ofc.lee", (string)Assert.Single(byActor)!["actor"]!);
        JsonArray limited = await ConsoleHarness.JsonArray(await auditor.GetAsync("/api/audit?limit=1"));
        Assert.Single(limited);
        string future = console.Clock.GetUtcNow().AddDays(1).ToString("O");
        Assert.Empty(await ConsoleHarness.JsonArray(await auditor.GetAsync($"/api/audit?from={Uri.EscapeDataString(future)}")));
    }

    [Fact]
    public async Task A_filter_that_makes_no_sense_is_400_with_each_problem()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient auditor = await console.BearerAsync("aud.kim");
        HttpResponseMessage response = await auditor.GetAsync("/api/audit?from=yesterday&limit=0&who=me");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string[] problems = [.. (await ConsoleHarness.Json(response))["problems"]!.AsArray().Select(p => (string)p!)];
        Assert.Equal(3, problems.Length);
        Assert.Contains(problems, p => p.StartsWith("from must be a date", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("limit must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("'who' is not a filter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_auditor_verifies_the_chain_and_sees_its_checkpoints()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient auditor = await console.BearerAsync("aud.kim");
        AuditCheckpoint checkpoint = console.Store.AuditLog.CheckpointAudit()!;

        HttpResponseMessage response = await auditor.GetAsync("/api/audit/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        Assert.True((bool)body["ok"]!);
        Assert.True((long)body["events"]! >= 2);
        Assert.Null(body["first_break"]);
        JsonNode listed = Assert.Single(body["checkpoints"]!.AsArray())!;
        Assert.Equal(checkpoint.Seq, (long)listed["seq"]!);
        StoredAuditEvent viewed = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "audit_viewed" }));
        Assert.Equal(("aud.kim", "verify"), (viewed.Actor, (string?)viewed.Details["view"]));
    }

    [Theory]
    [InlineData("ofc.lee")]
    [InlineData("adm.roe")]
    public async Task Anyone_but_an_auditor_is_403_and_nothing_is_shown_or_recorded_as_viewed(string login)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = await console.BearerAsync(login);

        foreach (string path in new[] { "/api/audit", "/api/audit/verify" })
        {
            HttpResponseMessage response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            JsonObject body = await ConsoleHarness.Json(response);
            Assert.Equal("access_denied", (string)body["reason"]!);
            Assert.Contains("ReadAudit", (string)body["error"]!, StringComparison.Ordinal);
        }

        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "audit_viewed" }));
    }
}
