using System.Net;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Console.Tests;

/// <summary>
/// The store's stats and full check through the agent, as <c>edge-alpr store stats|verify</c> ask them while it runs:
/// an admin or an auditor only, anyone else refused and audited; the answers are the records the commands print.
/// </summary>
public sealed class StoreApiTests
{
    [Theory]
    [InlineData("adm.roe")]
    [InlineData("aud.kim")]
    public async Task An_admin_or_an_auditor_gets_the_stats_the_cli_prints(string login)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = await console.BearerAsync(login);

        HttpResponseMessage response = await client.GetAsync("/api/store/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject stats = await ConsoleHarness.Json(response);
        StoreStats expected = console.Store.Administration.Stats();
        Assert.Equal(expected.Directory, (string)stats["directory"]!);
        Assert.Equal(expected.AuditEvents, (long)stats["audit_events"]!);
        Assert.Equal(expected.Reads, (long)stats["reads"]!);
        // What the CLI prints after reading the answer back is what it prints from the store itself.
        StoreStats parsed = System.Text.Json.JsonSerializer.Deserialize<StoreStats>(stats.ToJsonString(), WireJson.Options)!;
        Assert.Equal(WireJson.Line(expected with { DiskFreeBytes = 0 }), WireJson.Line(parsed with { DiskFreeBytes = 0 }));
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" }));
    }

    [Fact]
    public async Task An_auditor_verifies_the_open_store_and_the_check_is_audited_under_them()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient auditor = await console.BearerAsync("aud.kim");

        HttpResponseMessage response = await auditor.PostAsync("/api/store/verify", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject report = await ConsoleHarness.Json(response);
        Assert.True((bool)report["ok"]!, report.ToJsonString());
        Assert.Empty(report["database_problems"]!.AsArray());
        StoredAuditEvent verified = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "store_verified" }));
        Assert.Equal("aud.kim", verified.Actor);
    }

    [Theory]
    [InlineData("ofc.lee")]
    [InlineData("inv.ray")]
    [InlineData("sup.ray")]
    public async Task Anyone_but_an_admin_or_auditor_is_403_and_audited(string login)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = await console.BearerAsync(login);

        HttpResponseMessage stats = await client.GetAsync("/api/store/stats");
        HttpResponseMessage verify = await client.PostAsync("/api/store/verify", null);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (stats.StatusCode, verify.StatusCode));
        Assert.Equal("access_denied", (string)(await ConsoleHarness.Json(stats))["reason"]!);
        IReadOnlyList<StoredAuditEvent> denied = console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" });
        Assert.Equal(
            [("store_stats", "manage_settings"), ("store_verify", "read_audit")],
            denied.Select(e => ((string?)e.Details["attempted"], (string?)e.Details["permission"]))
        );
        Assert.All(denied, e => Assert.Equal(login, e.Actor));
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "store_verified" }));
    }
}
