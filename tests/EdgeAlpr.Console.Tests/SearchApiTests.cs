using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Console.Tests;

/// <summary>
/// The investigator's search: refused without grounds (400 with the problems, audited under the user), answered with
/// them (results with hits and image links, audited under the signed-in user whatever the body says), 403 for anyone
/// else (audited as access_denied), a body that is not a search 400 with what is wrong.
/// </summary>
public sealed class SearchApiTests
{
    private const string Case = "26-004417";
    private const string Purpose = "stolen vehicle reported 2026-11-30";

    [Fact]
    public async Task Without_a_case_number_and_purpose_the_search_is_400_with_the_problems_and_audited_as_refused_under_the_user()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient investigator = await console.BearerAsync("inv.ada");

        HttpResponseMessage response = await investigator.PostAsJsonAsync("/api/search", new { plate = "STL3N1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        Assert.Equal("refused", (string)body["reason"]!);
        string[] problems = [.. body["problems"]!.AsArray().Select(p => (string)p!)];
        Assert.Equal(2, problems.Length);
        Assert.Contains(problems, p => p.StartsWith("a case number is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("an authorised purpose is required", StringComparison.Ordinal));
        Assert.Null(body["results"]);
        StoredAuditEvent refused = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "search_refused" }));
        Assert.Equal(("inv.ada", "STL3N1"), (refused.Actor, refused.Subject));
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "search" }));
    }

    [Fact]
    public async Task A_placeholder_case_number_and_a_vague_purpose_are_refused_each_named()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient investigator = await console.BearerAsync("inv.ada");

        HttpResponseMessage response = await investigator.PostAsJsonAsync(
            "/api/search",
            new
            {
                plate = "STL3N1",
                case_number = "1",
                purpose = "just looking around",
            }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string[] problems = [.. (await ConsoleHarness.Json(response))["problems"]!.AsArray().Select(p => (string)p!)];
        Assert.Equal(2, problems.Length);
        Assert.Contains(problems, p => p.StartsWith("'1' does not have the agency's case-number format", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("'just looking around' does not state a purpose", StringComparison.Ordinal));
        StoredAuditEvent refused = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "search_refused" }));
        Assert.Equal("inv.ada", refused.Actor);
        Assert.Equal("1", (string?)refused.Details["case_number"]);
    }

    [Fact]
    public async Task With_grounds_the_results_come_with_hits_and_image_links_and_the_search_is_audited_under_the_signed_in_user_only()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        DateTimeOffset now = console.Clock.GetUtcNow();
        Guid stolen = await KeptReads.StoreAsync(console.Store, "STL3N1", now.AddMinutes(-5), HotListCategory.StolenVehicle);
        await KeptReads.StoreAsync(console.Store, "QRT772", now.AddMinutes(-4));
        HttpClient investigator = await console.BearerAsync("inv.ada");

        HttpResponseMessage response = await investigator.PostAsJsonAsync(
            "/api/search",
            new
            {
                plate = "stl 3n1",
                case_number = Case,
                purpose = Purpose,
                on_behalf_of = "Det. R. Diaz",
                requested_by = "Chief of Police",
                actor = "sup.ray",
            }
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        Assert.Equal((1, 1, false), ((int)body["total"]!, (int)body["shown"]!, (bool)body["truncated"]!));
        JsonObject result = Assert.Single(body["results"]!.AsArray())!.AsObject();
        Assert.Equal(stolen, Guid.Parse((string)result["read_id"]!));
        Assert.Equal(
            ("STL3N1", "STL3N1", false, "cam1"),
            ((string)result["plate"]!, (string)result["matched_text"]!, (bool)result["by_candidate"]!, (string)result["camera_id"]!)
        );
        Assert.Equal(41.88, (double)result["location"]!["latitude"]!);
        JsonNode hit = Assert.Single(result["hits"]!.AsArray())!;
        Assert.Equal(("stolen_vehicle", "NCIC", "exact"), ((string)hit["category"]!, (string)hit["source"]!, (string)hit["match_kind"]!));
        Assert.Equal(
            [("context", $"/api/reads/{stolen:D}/images/context"), ("plate", $"/api/reads/{stolen:D}/images/plate")],
            result["images"]!.AsArray().Select(i => ((string)i!["role"]!, (string)i["url"]!)).Order()
        );
        Assert.All(result["images"]!.AsArray(), i => Assert.Equal("image/jpeg", (string)i!["media_type"]!));

        StoredAuditEvent searched = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "search" }));
        Assert.Equal((long)body["audit_seq"]!, searched.Id);
        Assert.Equal(("inv.ada", "STL3N1"), (searched.Actor, searched.Subject));
        Assert.Equal(
            (Case, Purpose, "Det. R. Diaz"),
            ((string?)searched.Details["case_number"], (string?)searched.Details["purpose"], (string?)searched.Details["on_behalf_of"])
        );
        Assert.Equal([stolen.ToString("D")], searched.Details["read_ids"]!.AsArray().Select(i => (string)i!));
        string recorded = searched.Details.ToJsonString();
        Assert.DoesNotContain("Chief of Police", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("sup.ray", recorded, StringComparison.Ordinal);
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Actor = "sup.ray" }));
    }

    [Fact]
    public async Task A_partial_plate_in_a_time_window_finds_only_the_reads_in_it_and_a_limit_truncates()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        DateTimeOffset now = console.Clock.GetUtcNow();
        await KeptReads.StoreAsync(console.Store, "AB4412", now.AddHours(-30));
        await KeptReads.StoreAsync(console.Store, "AB7712", now.AddHours(-2));
        await KeptReads.StoreAsync(console.Store, "AB9912", now.AddHours(-1));
        await KeptReads.StoreAsync(console.Store, "XY4412", now.AddHours(-1));
        HttpClient investigator = await console.BearerAsync("inv.ada");

        JsonObject windowed = await ConsoleHarness.Json(
            await investigator.PostAsJsonAsync(
                "/api/search",
                new
                {
                    partial = "AB*12",
                    from = now.AddDays(-1).ToString("O"),
                    case_number = Case,
                    purpose = Purpose,
                }
            )
        );
        Assert.Equal(["AB7712", "AB9912"], windowed["results"]!.AsArray().Select(r => (string)r!["plate"]!).Order());

        JsonObject limited = await ConsoleHarness.Json(
            await investigator.PostAsJsonAsync(
                "/api/search",
                new
                {
                    partial = "AB*12",
                    case_number = Case,
                    purpose = Purpose,
                    limit = 1,
                }
            )
        );
        Assert.Equal((3, 1, true), ((int)limited["total"]!, (int)limited["shown"]!, (bool)limited["truncated"]!));
    }

    [Theory]
    [InlineData("ofc.lee", "officer")]
    [InlineData("aud.kim", "auditor")]
    [InlineData("adm.roe", "admin")]
    public async Task Anyone_without_the_search_permission_is_403_and_the_attempt_is_audited_as_access_denied(string login, string role)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient client = await console.BearerAsync(login);

        HttpResponseMessage response = await client.PostAsJsonAsync(
            "/api/search",
            new
            {
                plate = "STL3N1",
                case_number = Case,
                purpose = Purpose,
            }
        );

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        Assert.Equal("access_denied", (string)body["reason"]!);
        Assert.Contains($"{login} ({role}) lacks the Search permission", (string)body["error"]!, StringComparison.Ordinal);
        StoredAuditEvent denied = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" }));
        Assert.Equal(login, denied.Actor);
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "search" }));
    }

    [Theory]
    [InlineData("""{"plate": "STL3N1", "partial": "ST*1"}""", "give either plate or partial")]
    [InlineData("""{"case_number": "26-004417"}""", "give either plate or partial")]
    [InlineData("""{"plate": "STL3N1", "from": "last tuesday"}""", "from must be a date or time")]
    [InlineData("""{"plate": "STL3N1", "from": "2026-12-05", "to": "2026-12-01"}""", "to (2026-12-01 00:00:00Z) is before from")]
    [InlineData("""{"partial": "*1*"}""", "'*1*' names fewer than 2 characters")]
    [InlineData("""{"plate": "ST*1"}""", "'ST*1' has wildcards: use partial")]
    [InlineData("""{"plate": "STL3N1", "limit": 0}""", "limit must be from 1 to 1000")]
    [InlineData("""{"plate": "STL3N1", "limit": "ten"}""", "the body is not the JSON expected")]
    [InlineData("""{"plate": """, "the body is not the JSON expected")]
    public async Task A_body_that_is_not_a_search_is_400_with_what_is_wrong_and_nothing_is_searched(string json, string problem)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient investigator = await console.BearerAsync("inv.ada");

        HttpResponseMessage response = await investigator.PostAsync(
            "/api/search",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        string said = string.Join(" | ", [(string)body["error"]!, .. (body["problems"]?.AsArray() ?? []).Select(p => (string)p!)]);
        Assert.Contains(problem, said, StringComparison.Ordinal);
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "search" }));
    }

    [Fact]
    public async Task The_policy_gives_the_agency_case_number_format_for_the_form()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient investigator = await console.BearerAsync("inv.ada");

        JsonObject policy = await ConsoleHarness.Json(await investigator.GetAsync("/api/policy"));

        Assert.Equal("at least 3 digits, e.g. 26-004417", (string)policy["case_number_format"]!);
        Assert.Equal(12, (int)policy["min_purpose_length"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client().GetAsync("/api/policy")).StatusCode);
    }
}
