using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.People;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Console.Tests;

/// <summary>
/// The users API, as <c>edge-alpr users</c> uses it while the agent runs: only an admin, every change audited under the
/// session's admin, bad input named problem by problem, and never a password hash in an answer.
/// </summary>
public sealed class UserApiTests
{
    private const string NewPassword = "granite-meadow-4471-sky";

    [Fact]
    public async Task An_admin_lists_the_users_as_the_cli_prints_them_and_never_their_hashes()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient admin = await console.BearerAsync("adm.roe");

        HttpResponseMessage response = await admin.GetAsync("/api/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("argon2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.Ordinal);
        // Line for line what `users list --json` prints from the store itself.
        DateTimeOffset now = console.Clock.GetUtcNow();
        string[] expected = [.. console.Store.Users.List().Select(u => WireJson.Line(UserWire.Record(u, now, console.Clock.LocalTimeZone)))];
        List<UserRecord> answered = JsonSerializer.Deserialize<List<UserRecord>>(text, WireJson.Options)!;
        Assert.Equal(expected, answered.Select(WireJson.Line));
        JsonNode gone = (await ConsoleHarness.JsonArray(await admin.GetAsync("/api/users"))).Single(u => (string)u!["login"]! == "ofc.gone")!;
        Assert.True((bool)gone["disabled"]!);
    }

    [Fact]
    public async Task Disabling_an_account_or_changing_its_roles_ends_its_open_sessions_at_once_and_a_certification_extended_does_not()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient admin = await console.BearerAsync("adm.roe");
        HttpClient officer = await console.BearerAsync("ofc.lee");
        HttpClient sameOfficerElsewhere = await console.BearerAsync("ofc.lee");
        HttpClient otherOfficer = await console.BearerAsync("ofc.diaz");
        HttpClient supervisor = await console.BearerAsync("sup.ray");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/hits")).StatusCode);

        string later = DateOnly.FromDateTime(console.Clock.GetUtcNow().UtcDateTime).AddYears(3).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/users/ofc.lee/certify", new { until = later })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/hits")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/users/ofc.lee/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/hits")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sameOfficerElsewhere.GetAsync("/api/hits")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherOfficer.GetAsync("/api/hits")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/users/sup.ray/roles", new { roles = new[] { "officer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await supervisor.GetAsync("/api/releases")).StatusCode);

        var ended = console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "session_expired" });
        Assert.Equal(
            ["ofc.lee:account_disabled", "ofc.lee:account_disabled", "sup.ray:roles_changed"],
            ended.Select(e => $"{e.Subject}:{e.Details["reason"]!.GetValue<string>()}").Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task An_admin_adds_a_user_who_can_then_sign_in_and_each_change_is_audited_under_the_admin()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient admin = await console.BearerAsync("adm.roe");
        string until = DateOnly.FromDateTime(console.Clock.GetUtcNow().UtcDateTime).AddYears(2).ToString("yyyy-MM-dd");

        HttpResponseMessage added = await admin.PostAsJsonAsync(
            "/api/users",
            new
            {
                user = "ofc.new",
                display_name = "Ofc. J. New",
                roles = new[] { "officer" },
                agency = "il0160000",
                certified_until = until,
                password = NewPassword,
            }
        );

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        JsonObject user = await ConsoleHarness.Json(added);
        Assert.Equal(
            ("ofc.new", "Ofc. J. New", "IL0160000", until),
            ((string)user["login"]!, (string)user["display_name"]!, (string)user["agency_ori"]!, (string)user["certified_until"]!)
        );
        Assert.Equal("adm.roe", (string)user["created_by"]!);
        Assert.DoesNotContain(NewPassword, user.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ConsoleHarness.SignInAsync(console.Client(), "ofc.new", NewPassword)).StatusCode);

        HttpResponseMessage disabled = await admin.PostAsync("/api/users/ofc.new/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((bool)(await ConsoleHarness.Json(disabled))["disabled"]!);
        HttpResponseMessage refused = await ConsoleHarness.SignInAsync(console.Client(), "ofc.new", NewPassword);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("disabled", (string)(await ConsoleHarness.Json(refused))["reason"]!);
        Assert.False((bool)(await ConsoleHarness.Json(await admin.PostAsync("/api/users/ofc.new/enable", null)))["disabled"]!);

        string later = DateOnly.FromDateTime(console.Clock.GetUtcNow().UtcDateTime).AddYears(3).ToString("yyyy-MM-dd");
        JsonObject certified = await ConsoleHarness.Json(await admin.PostAsJsonAsync("/api/users/ofc.new/certify", new { until = later }));
        Assert.Equal(later, (string)certified["certified_until"]!);
        JsonObject roles = await ConsoleHarness.Json(
            await admin.PutAsJsonAsync("/api/users/ofc.new/roles", new { roles = new[] { "officer", "supervisor" } })
        );
        Assert.Equal(["officer", "supervisor"], roles["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(
            HttpStatusCode.OK,
            (await admin.PostAsJsonAsync("/api/users/ofc.new/password", new { password = "another-long-passphrase-88" })).StatusCode
        );
        Assert.Equal(HttpStatusCode.OK, (await ConsoleHarness.SignInAsync(console.Client(), "ofc.new", "another-long-passphrase-88")).StatusCode);

        string[] actions = ["user_added", "user_disabled", "user_enabled", "user_certified", "user_roles_changed", "user_password_reset"];
        foreach (string action in actions)
        {
            StoredAuditEvent e = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = action }));
            Assert.Equal(("adm.roe", "ofc.new"), (e.Actor, e.Subject));
        }

        // The password is in no event.
        Assert.All(console.Store.AuditLog.QueryAudit(new AuditFilter { Limit = 5000 }), e =>
            Assert.DoesNotContain(NewPassword, e.Details.ToJsonString(), StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Bad_input_is_400_with_each_problem_and_an_unknown_user_is_404()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient admin = await console.BearerAsync("adm.roe");

        HttpResponseMessage response = await admin.PostAsJsonAsync(
            "/api/users",
            new
            {
                user = "Bad Name",
                roles = new[] { "sheriff" },
                agency = "X1",
                certified_until = "next year",
                password = "short",
            }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string[] problems = [.. (await ConsoleHarness.Json(response))["problems"]!.AsArray().Select(p => (string)p!)];
        Assert.Contains(problems, p => p.StartsWith("'sheriff' is not a role", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("certified_until must be a date as YYYY-MM-DD", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("password must be at least 12", StringComparison.Ordinal));
        Assert.True(problems.Length >= 5, string.Join(" | ", problems));
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "user_added" }));

        HttpResponseMessage lastAdmin = await admin.PostAsync("/api/users/adm.roe/disable", null);
        Assert.Equal(HttpStatusCode.BadRequest, lastAdmin.StatusCode);
        Assert.Contains("without an enabled admin", await lastAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpResponseMessage badDate = await admin.PostAsJsonAsync("/api/users/ofc.lee/certify", new { until = "2020-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("in the past", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpResponseMessage unknown = await admin.PostAsync("/api/users/nobody.here/enable", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("there is no user nobody.here", (string)(await ConsoleHarness.Json(unknown))["error"]!);
    }

    [Theory]
    [InlineData("aud.kim")]
    [InlineData("sup.ray")]
    public async Task Anyone_but_an_admin_is_403_and_the_refusal_is_audited(string login)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = await console.BearerAsync(login);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
        // Refused before its input is looked at: a non-admin learns nothing about the rules or the accounts.
        HttpResponseMessage add = await client.PostAsJsonAsync(
            "/api/users",
            new
            {
                user = "x",
                roles = new[] { "admin" },
                password = "",
            }
        );
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal("access_denied", (string)(await ConsoleHarness.Json(add))["reason"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/users/nobody.here/disable", null)).StatusCode);

        IReadOnlyList<StoredAuditEvent> denied = console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" });
        Assert.Equal(3, denied.Count);
        Assert.All(denied, e => Assert.Equal((login, "ManageUsers"), (e.Actor, (string?)e.Details["permission"])));
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "user_*" }));
    }

    [Fact]
    public async Task Without_a_session_the_users_api_is_401()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient anonymous = console.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/users", new { user = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/store/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/store/verify", null)).StatusCode);
    }
}
