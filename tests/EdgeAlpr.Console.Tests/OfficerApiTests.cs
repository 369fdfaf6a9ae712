using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Console.Tests;

/// <summary>The officer's API against the running console and a real store: live reads and their images, hits, decisions, the shift.</summary>
public sealed class OfficerApiTests
{
    [Fact]
    public async Task Live_reads_come_newest_first_with_their_hits_and_images_whose_bytes_are_the_stored_ones()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        DateTimeOffset now = console.Clock.GetUtcNow();
        (StoredReceipt older, _, _) = await OfficerData.KeepAsync(console, "XYZ9876", now.AddMinutes(-2));
        (StoredReceipt newer, byte[] crop, byte[] scene) = await OfficerData.KeepAsync(console, "ABC1234", now, HotListCategory.StolenVehicle);
        HttpClient officer = await console.BearerAsync("ofc.lee");

        HttpResponseMessage response = await officer.GetAsync("/api/reads?limit=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray reads = await ConsoleHarness.JsonArray(response);
        Assert.Equal([newer.ReadId.ToString(), older.ReadId.ToString()], reads.Select(r => (string)r!["id"]!));
        JsonNode first = reads[0]!;
        Assert.Equal(("ABC1234", "cam-front"), ((string)first["plate"]!, (string)first["camera_id"]!));
        Assert.Equal(0.91, (double)first["confidence"]!, 2);
        Assert.Equal(41.88, (double)first["location"]!["lat"]!, 2);
        Assert.Equal(newer.HitIds.Single().ToString(), (string)Assert.Single(first["hit_ids"]!.AsArray())!);
        Assert.Empty(reads[1]!["hit_ids"]!.AsArray());
        Assert.NotNull(first["captured_at"]);
        JsonArray images = first["images"]!.AsArray();
        Assert.Equal(["context", "plate"], images.Select(i => (string)i!["role"]!).Order());

        foreach ((string role, byte[] bytes, string type) in new[] { ("plate", crop, "image/jpeg"), ("context", scene, "image/png") })
        {
            string url = (string)images.Single(i => (string)i!["role"]! == role)!["url"]!;
            Assert.Equal($"/api/reads/{newer.ReadId}/images/{role}", url);
            HttpResponseMessage image = await officer.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal(type, image.Content.Headers.ContentType?.MediaType);
            Assert.Equal("private, no-store", image.Headers.NonValidated["Cache-Control"].ToString());
            Assert.Equal(bytes, await image.Content.ReadAsByteArrayAsync());
        }

        // Only what is new since a moment; and the investigator sees the live reads too.
        string after = Uri.EscapeDataString(now.AddMinutes(-1).ToString("O"));
        Assert.Equal(
            [newer.ReadId.ToString()],
            (await ConsoleHarness.JsonArray(await officer.GetAsync($"/api/reads?after={after}"))).Select(r => (string)r!["id"]!)
        );
        HttpClient investigator = await console.BearerAsync("inv.ray");
        Assert.Equal(2, (await ConsoleHarness.JsonArray(await investigator.GetAsync("/api/reads"))).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/reads/{Guid.NewGuid()}/images/plate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/reads/{newer.ReadId}/images/driver")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/api/reads/not-an-id/images/plate")).StatusCode);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=ten")]
    [InlineData("after=yesterday")]
    [InlineData("plate=ABC1234")]
    public async Task A_reads_query_out_of_bounds_is_400_with_the_problem(string query)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient officer = await console.BearerAsync("ofc.lee");
        HttpResponseMessage response = await officer.GetAsync($"/api/reads?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single((await ConsoleHarness.Json(response))["problems"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/reads?limit=200")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/reads?limit=1")).StatusCode);
    }

    [Fact]
    public async Task Looking_at_a_reads_images_is_audited_once_per_person_and_read_per_window()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        (StoredReceipt kept, _, _) = await OfficerData.KeepAsync(console, "ABC1234", console.Clock.GetUtcNow());
        HttpClient officer = await console.BearerAsync("ofc.lee");
        string read = kept.ReadId.ToString();

        // A live screen fetching the thumbnails again and again: one event.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/reads/{read}/images/plate")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/reads/{read}/images/context")).StatusCode);
        }

        StoredAuditEvent viewed = Assert.Single(Viewed(console));
        Assert.Equal(("ofc.lee", read, "plate"), (viewed.Actor, viewed.Subject, (string?)viewed.Details["role"]));

        // Another person's look is their own event; the same person after the window, a new one.
        HttpClient investigator = await console.BearerAsync("inv.ray");
        await investigator.GetAsync($"/api/reads/{read}/images/context");
        Assert.Equal(2, Viewed(console).Count);
        console.Clock.Advance(ViewReadImages.DefaultWindow - TimeSpan.FromSeconds(1));
        await officer.GetAsync($"/api/reads/{read}/images/plate");
        Assert.Equal(2, Viewed(console).Count);
        console.Clock.Advance(TimeSpan.FromSeconds(2));
        await officer.GetAsync($"/api/reads/{read}/images/context");
        Assert.Equal(["inv.ray", "ofc.lee", "ofc.lee"], Viewed(console).Select(e => e.Actor).Order());

        // Someone without the permission gets nothing, and the refusal is in the trail.
        HttpClient auditor = await console.BearerAsync("aud.kim");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/api/reads/{read}/images/plate")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/reads")).StatusCode);
        Assert.Equal(3, Viewed(console).Count);
        Assert.Equal(2, console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied", Actor = "aud.kim" }).Count);
    }

    [Fact]
    public async Task Hits_list_with_their_listing_and_instruction_and_an_unchanged_list_is_not_audited_again()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        (StoredReceipt kept, _, _) = await OfficerData.KeepAsync(console, "ABC1234", console.Clock.GetUtcNow(), HotListCategory.StolenVehicle);
        HttpClient officer = await console.BearerAsync("ofc.lee");

        JsonArray hits = await ConsoleHarness.JsonArray(await officer.GetAsync("/api/hits"));
        JsonNode hit = Assert.Single(hits)!;
        Assert.Equal(kept.HitIds.Single().ToString(), (string)hit["id"]!);
        Assert.Equal(kept.ReadId.ToString(), (string)hit["read_id"]!);
        Assert.Equal(("ABC1234", "stolen_vehicle", 90), ((string)hit["plate"]!, (string)hit["category"]!, (int)hit["priority"]!));
        Assert.Equal(
            ("NCIC", "V123456789", "2019 Honda Civic, blue"),
            ((string)hit["listing"]!["source"]!, (string)hit["listing"]!["record_number"]!, (string)hit["listing"]!["vehicle"]!)
        );
        Assert.Equal(HotListHit.VerificationInstruction, (string)hit["verify"]!);
        Assert.Null(hit["decision"]);

        // The screen polls: the same answer again is not a new look.
        await officer.GetAsync("/api/hits");
        await officer.GetAsync("/api/hits");
        Assert.Single(Listed(console));
        // A changed answer is.
        await OfficerData.KeepAsync(console, "DEF5678", console.Clock.GetUtcNow(), HotListCategory.StolenPlate, priority: 70);
        Assert.Equal(2, (await ConsoleHarness.JsonArray(await officer.GetAsync("/api/hits"))).Count);
        Assert.Equal(2, Listed(console).Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/hits?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/hits?all=maybe")).StatusCode);

        // One hit in full: its images, and the look audited.
        JsonObject one = await ConsoleHarness.Json(await officer.GetAsync($"/api/hits/{kept.HitIds.Single()}"));
        Assert.Equal(["context", "plate"], one["images"]!.AsArray().Select(i => (string)i!["role"]!).Order());
        StoredAuditEvent viewed = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "hit_viewed" }));
        Assert.Equal(("ofc.lee", kept.HitIds.Single().ToString()), (viewed.Actor, viewed.Subject));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/hits/{Guid.NewGuid()}")).StatusCode);

        // Hits are the deciding officer's: the investigator, who sees live reads, does not list them.
        HttpClient investigator = await console.BearerAsync("inv.ray");
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.GetAsync("/api/hits")).StatusCode);
    }

    [Fact]
    public async Task An_acceptance_must_say_what_it_was_verified_with_and_is_recorded_under_the_session_not_the_body()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        (StoredReceipt kept, _, _) = await OfficerData.KeepAsync(console, "ABC1234", console.Clock.GetUtcNow(), HotListCategory.StolenVehicle);
        Guid hitId = kept.HitIds.Single();
        HttpClient officer = await console.BearerAsync("ofc.lee");

        HttpResponseMessage unverified = await officer.PostAsJsonAsync($"/api/hits/{hitId}/decision", new { decision = "accept" });
        Assert.Equal(HttpStatusCode.BadRequest, unverified.StatusCode);
        Assert.Contains(
            "verified with",
            Assert.Single((await ConsoleHarness.Json(unverified))["problems"]!.AsArray())!.ToString(),
            StringComparison.Ordinal
        );
        HttpResponseMessage badReason = await officer.PostAsJsonAsync(
            $"/api/hits/{hitId}/decision",
            new { decision = "reject", reason = "did not like it" }
        );
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.Empty(console.Store.Reads.DispositionsOf(hitId));

        HttpResponseMessage accepted = await officer.PostAsJsonAsync(
            $"/api/hits/{hitId}/decision",
            new
            {
                decision = "accept",
                verified_with = "LEADS",
                verified_detail = "dispatch 4411 confirmed",
                officer = "sgt.nobody",
                note = "stopped at Main/5th",
            }
        );
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        JsonObject decision = await ConsoleHarness.Json(accepted);
        Assert.Equal(
            ("accepted", "ofc.lee", "LEADS: dispatch 4411 confirmed"),
            ((string)decision["decision"]!, (string)decision["officer"]!, (string)decision["verified_with"]!)
        );

        StoredDisposition stored = console.Store.Reads.FindDisposition(console.Store.Reads.DispositionsOf(hitId).Single())!;
        Assert.Equal(("accepted", "ofc.lee", "stopped at Main/5th"), (stored.Decision, stored.Officer, stored.Note));
        StoredAuditEvent audited = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "hit_disposition" }));
        Assert.Equal(("ofc.lee", hitId.ToString()), (audited.Actor, audited.Subject));
        Assert.DoesNotContain(console.Store.AuditLog.AuditTrail(), e =>
            e.Actor == "sgt.nobody" || e.Details.ToJsonString().Contains("sgt.nobody", StringComparison.Ordinal)
        );

        // The list shows the decision; a later decision supersedes it (both kept).
        JsonNode listed = Assert.Single(await ConsoleHarness.JsonArray(await officer.GetAsync("/api/hits?all=true")))!;
        Assert.Equal("ofc.lee", (string)listed["decision"]!["officer"]!);
        Assert.Empty(await ConsoleHarness.JsonArray(await officer.GetAsync("/api/hits")));
        console.Clock.Advance(TimeSpan.FromMinutes(1));
        HttpResponseMessage rejected = await officer.PostAsJsonAsync($"/api/hits/{hitId}/decision", new { decision = "reject", reason = "misread" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(2, console.Store.Reads.DispositionsOf(hitId).Count);
        Assert.Equal(
            "rejected",
            (string)Assert.Single(await ConsoleHarness.JsonArray(await officer.GetAsync("/api/hits?all=true")))!["decision"]!["decision"]!
        );

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await officer.PostAsJsonAsync($"/api/hits/{Guid.NewGuid()}/decision", new { decision = "reject", reason = "misread" })).StatusCode
        );
    }

    [Fact]
    public async Task An_investigator_cannot_decide_a_hit_and_the_attempt_is_audited()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        (StoredReceipt kept, _, _) = await OfficerData.KeepAsync(console, "ABC1234", console.Clock.GetUtcNow(), HotListCategory.StolenVehicle);
        HttpClient investigator = await console.BearerAsync("inv.ray");

        HttpResponseMessage response = await investigator.PostAsJsonAsync(
            $"/api/hits/{kept.HitIds.Single()}/decision",
            new { decision = "accept", verified_with = "NCIC" }
        );
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("access_denied", (string)(await ConsoleHarness.Json(response))["reason"]!);
        StoredAuditEvent denied = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" }));
        Assert.Equal(("inv.ray", "hit_decide"), (denied.Actor, (string?)denied.Details["attempted"]));
        Assert.Empty(console.Store.Reads.DispositionsOf(kept.HitIds.Single()));
    }

    [Fact]
    public async Task An_officer_signs_on_to_the_shift_and_the_in_cab_buttons_decisions_are_theirs()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        (StoredReceipt kept, _, _) = await OfficerData.KeepAsync(console, "ABC1234", console.Clock.GetUtcNow(), HotListCategory.StolenVehicle);
        HttpClient officer = await console.BearerAsync("ofc.lee");
        Assert.Null((await ConsoleHarness.Json(await officer.GetAsync("/api/shift")))["officer"]);

        HttpResponseMessage on = await officer.PostAsJsonAsync("/api/shift", new { });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal("ofc.lee", (string)(await ConsoleHarness.Json(on))["officer"]!["login"]!);
        Assert.Equal("ofc.lee", (string)(await ConsoleHarness.Json(await officer.GetAsync("/api/shift")))["officer"]!["login"]!);
        Assert.Equal("ofc.lee", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "shift_sign_on" })).Actor);

        // A press of the in-cab accept button, as ButtonDecisions makes it: the officer on shift, whatever it names.
        var press = new HitDisposition(kept.HitIds.Single(), HitDecision.Accepted, "in-cab button", "LEADS", null, console.Clock.GetUtcNow());
        StoredDisposition fromButton = new DecideHit(console.Store.Reads, console.Store.AuditLog).DecideAtButton(press, console.Shift.Current);
        Assert.Equal("ofc.lee", fromButton.Officer);

        // Only the officer on shift ends it; an investigator cannot sign on.
        HttpClient other = await console.BearerAsync("ofc.diaz");
        Assert.Equal(HttpStatusCode.Conflict, (await other.DeleteAsync("/api/shift")).StatusCode);
        HttpClient investigator = await console.BearerAsync("inv.ray");
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.PostAsJsonAsync("/api/shift", new { })).StatusCode);
        HttpResponseMessage off = await officer.DeleteAsync("/api/shift");
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Null((await ConsoleHarness.Json(off))["officer"]);
        Assert.Null(console.Shift.Current);
    }

    [Fact]
    public async Task The_unit_says_its_id_whether_it_is_covert_and_the_decisions_choices()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient auditor = await console.BearerAsync("aud.kim");
        JsonObject unit = await ConsoleHarness.Json(await auditor.GetAsync("/api/unit"));
        Assert.Equal(("unit-7", "patrol", false), ((string)unit["device_id"]!, (string)unit["profile"]!, (bool)unit["covert"]!));
        Assert.Equal(RejectReasons.All, unit["reject_reasons"]!.AsArray().Select(r => (string)r!));
        Assert.Contains("LEADS", unit["verified_with"]!.AsArray().Select(r => (string)r!));
    }

    [Theory]
    [InlineData("GET", "/api/reads")]
    [InlineData("GET", "/api/hits")]
    [InlineData("GET", "/api/shift")]
    [InlineData("POST", "/api/shift")]
    [InlineData("DELETE", "/api/shift")]
    [InlineData("GET", "/api/unit")]
    [InlineData("POST", "/api/hits/0196f1a0-0000-7000-8000-000000000000/decision")]
    [InlineData("GET", "/api/reads/0196f1a0-0000-7000-8000-000000000000/images/plate")]
    public async Task Without_a_session_every_officer_endpoint_is_401(string method, string path)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { decision = "accept", verified_with = "LEADS" });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client().SendAsync(request)).StatusCode);
    }

    private static IReadOnlyList<StoredAuditEvent> Viewed(ConsoleHarness console) =>
        console.Store.AuditLog.QueryAudit(new AuditFilter { Action = ViewReadImages.ViewedAction });

    private static IReadOnlyList<StoredAuditEvent> Listed(ConsoleHarness console) =>
        console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "hits_listed" });
}
