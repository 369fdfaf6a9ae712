using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Console.Tests;

/// <summary>
/// The unit's local entries through the console: a supervisor adds one and the hot list the agent matches against
/// hits it at once (and the reads already kept); removes it and it no longer does; each audited under the supervisor.
/// Wrong roles, no session and bad input get their answers.
/// </summary>
public sealed class HotListApiTests
{
    [Fact]
    public async Task A_supervisor_adds_an_entry_that_matches_at_once_and_kept_reads_then_removes_it_with_why()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        await KeptReads.StoreAsync(console.Store, "NEW4321", console.Clock.GetUtcNow().AddMinutes(-30));
        HttpClient supervisor = await console.BearerAsync("sup.ray");

        HttpResponseMessage added = await supervisor.PostAsJsonAsync(
            "/api/hotlist/local",
            new
            {
                plate = "new-4321",
                state = "IL",
                category = "amber",
                reason = "AMBER alert 26-1123",
                expires = "2099-12-31",
                record = "26-1123",
                on_behalf_of = "Lt. K. Moss",
                entered_by = "someone.else",
            }
        );
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        JsonObject change = await ConsoleHarness.Json(added);
        Assert.Equal(("local", 1), ((string)change["kind"]!, (int)change["added"]!));
        JsonObject retro = Assert.Single(change["retroactive_hits"]!.AsArray())!.AsObject();
        Assert.Equal(
            ("NEW4321", "sup.ray", "cam1"),
            ((string)retro["plate"]!, (string)retro["entered_by"]!, (string)retro["retroactive"]!["camera_id"]!)
        );
        Assert.Equal("NEW4321", Assert.Single(console.RetroactiveHits).Entry.Plate);

        // The list the read path takes each read against, the same instance: it hits now, not at the next start.
        Assert.Single(Hits(console, "NEW4321"));

        JsonObject listed = Assert.Single(await ConsoleHarness.JsonArray(await supervisor.GetAsync("/api/hotlist/local")))!.AsObject();
        Assert.Equal(
            ("NEW4321", "amber_alert", "sup.ray", "AMBER alert 26-1123"),
            ((string)listed["plate"]!, (string)listed["category"]!, (string)listed["entered_by"]!, (string)listed["reason"]!)
        );
        Assert.StartsWith("2100-01-01T00:00:00", (string)listed["expires"]!, StringComparison.Ordinal);
        HttpClient officer = await console.BearerAsync("ofc.lee");
        Assert.Single(await ConsoleHarness.JsonArray(await officer.GetAsync("/api/hotlist/local")));

        StoredAuditEvent entered = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "hotlist_local_added" }));
        Assert.Equal(("sup.ray", "NEW4321"), (entered.Actor, entered.Subject));
        Assert.Equal("Lt. K. Moss", (string)entered.Details["on_behalf_of"]!);

        HttpResponseMessage removed = await supervisor.PostAsJsonAsync(
            "/api/hotlist/local/remove",
            new { plate = "NEW4321", reason = "child found safe, case 26-1123 closed" }
        );
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        JsonObject gone = await ConsoleHarness.Json(removed);
        Assert.Equal(("local_removal", 1), ((string)gone["kind"]!, (int)gone["removed"]!));
        Assert.Equal("NEW4321", (string)Assert.Single(gone["removed_entries"]!.AsArray())!["plate"]!);
        Assert.Empty(Hits(console, "NEW4321"));
        Assert.Empty(await ConsoleHarness.JsonArray(await supervisor.GetAsync("/api/hotlist/local")));

        StoredAuditEvent removal = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "hotlist_local_removed" }));
        Assert.Equal(("sup.ray", "NEW4321"), (removal.Actor, removal.Subject));
        Assert.Equal("child found safe, case 26-1123 closed", (string)removal.Details["removal_reason"]!);
    }

    [Fact]
    public async Task Wrong_roles_get_403_audited_no_session_401_and_bad_input_400_with_its_problems()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        var entry = new { plate = "LOC4321", reason = "armed robbery suspect" };

        HttpResponseMessage anonymous = await console.Client().PostAsJsonAsync("/api/hotlist/local", entry);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client().GetAsync("/api/hotlist/local")).StatusCode);

        HttpClient officer = await console.BearerAsync("ofc.lee");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/hotlist/local", entry)).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await officer.PostAsJsonAsync("/api/hotlist/local/remove", new { plate = "LOC4321", reason = "recovered" })).StatusCode
        );
        HttpClient investigator = await console.BearerAsync("inv.ray");
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.GetAsync("/api/hotlist/local")).StatusCode);
        Assert.Equal(3, console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" }).Count);
        Assert.Empty(console.HotList.Current.Entries());

        HttpClient supervisor = await console.BearerAsync("sup.ray");
        HttpResponseMessage bad = await supervisor.PostAsJsonAsync("/api/hotlist/local", new { plate = "AB*", category = "parking" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        JsonArray problems = (await ConsoleHarness.Json(bad))["problems"]!.AsArray();
        Assert.Equal(2, problems.Count);
        Assert.Contains("unknown category 'parking'", (string)problems[0]!, StringComparison.Ordinal);

        await console.HotList.ApplyUpdateAsync(Signed(console), default);
        HttpResponseMessage platform = await supervisor.PostAsJsonAsync(
            "/api/hotlist/local/remove",
            new { plate = "ABC1234", reason = "owner found it" }
        );
        Assert.Equal(HttpStatusCode.BadRequest, platform.StatusCode);
        Assert.Contains("not a local entry", (string)(await ConsoleHarness.Json(platform))["problems"]![0]!, StringComparison.Ordinal);
        Assert.Single(Hits(console, "ABC1234"));
    }

    [Fact]
    public async Task A_plain_list_is_imported_as_the_supervisors_entries_and_a_wrong_body_is_refused()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient supervisor = await console.BearerAsync("sup.ray");
        using var list = new ByteArrayContent(Encoding.UTF8.GetBytes("plate,state,reason\nLST1001,IL,seen downtown\nLST1002,WI,seen on I-90\n"));
        list.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage imported = await supervisor.PostAsync("/api/hotlist/import?category=felony&on_behalf_of=Det.%20A.%20Park", list);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal((2, 2), ((int)(await ConsoleHarness.Json(imported))["accepted"]!, console.HotList.Current.LocalCount));
        Assert.All(console.HotList.Current.Entries(), e => Assert.Equal("sup.ray", e.EnteredBy));
        Assert.Single(Hits(console, "LST1002", "WI"));

        using var json = new StringContent("plate,reason\nX\n", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await supervisor.PostAsync("/api/hotlist/import", json)).StatusCode);
        using var junk = new ByteArrayContent(Encoding.UTF8.GetBytes("plate,reason\n!!,x\n??,y\n"));
        junk.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage refused = await supervisor.PostAsync("/api/hotlist/import?category=stolen", junk);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("refused", (string)(await ConsoleHarness.Json(refused))["error"]!, StringComparison.Ordinal);
        Assert.Equal(2, console.HotList.Current.LocalCount);
    }

    private static List<HotListHit> Hits(ConsoleHarness console, string plate, string state = "IL") =>
        console.HotList.Current.Hits([new PlateCandidate(plate, 0.95f)], state, console.Clock.GetUtcNow());

    private static byte[] Signed(ConsoleHarness console) => console.SignPlatformUpdate("plate,state,category,source\nABC1234,IL,stolen,NCIC\n");
}
