using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.WebConsole.Http;

namespace EdgeAlpr.Console.Tests;

/// <summary>Signing in, the lockout, bearer and cookie sessions, CSRF, sign-out and expiry, against the running console.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task A_right_password_opens_a_session_with_a_token_a_csrf_token_a_secure_cookie_and_the_user()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = console.Client();
        HttpResponseMessage response = await ConsoleHarness.SignInAsync(client, "ofc.lee");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        // 256 bits, base64url without padding.
        Assert.Equal(43, ((string)body["token"]!).Length);
        Assert.Equal(43, ((string)body["csrf_token"]!).Length);
        Assert.NotEqual((string)body["token"]!, (string)body["csrf_token"]!);
        Assert.True(DateTimeOffset.Parse((string)body["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture) > console.Clock.GetUtcNow());
        Assert.Equal("ofc.lee", (string)body["user"]!["login"]!);
        Assert.Equal(["officer"], body["user"]!["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("IL0160000", (string)body["user"]!["agency_ori"]!);
        string cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{SessionCheck.CookieName}={body["token"]}", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        StoredAuditEvent signIn = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "sign_in" }));
        Assert.Equal("ofc.lee", signIn.Actor);
        Assert.Equal("console 127.0.0.1", (string)signIn.Details["origin"]!);
    }

    [Fact]
    public async Task A_wrong_password_is_401_the_fifth_in_a_row_locks_with_423_and_is_audited_and_then_even_the_right_one_is_423()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = console.Client();
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            HttpResponseMessage wrong = await ConsoleHarness.SignInAsync(client, "ofc.lee", "not it");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("bad_credentials", (string)(await ConsoleHarness.Json(wrong))["reason"]!);
        }

        HttpResponseMessage fifth = await ConsoleHarness.SignInAsync(client, "ofc.lee", "not it");
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Contains("locked", (string)(await ConsoleHarness.Json(fifth))["error"]!, StringComparison.Ordinal);
        StoredAuditEvent locked = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "user_locked" }));
        Assert.Equal("ofc.lee", locked.Subject);

        HttpResponseMessage right = await ConsoleHarness.SignInAsync(client, "ofc.lee");
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleHarness.SignInAsync(client, "nobody.here")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_is_403_with_the_reason()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpResponseMessage response = await ConsoleHarness.SignInAsync(console.Client(), "ofc.gone");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonObject body = await ConsoleHarness.Json(response);
        Assert.Equal("disabled", (string)body["reason"]!);
        Assert.Contains("disabled", (string)body["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_without_a_user_or_as_a_form_is_refused_with_the_problem()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = console.Client();
        HttpResponseMessage empty = await client.PostAsJsonAsync("/api/session", new { password = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("user is required", (await ConsoleHarness.Json(empty))["problems"]!.AsArray().Select(p => (string)p!));

        HttpResponseMessage form = await client.PostAsync(
            "/api/session",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "ofc.lee", ["password"] = ConsoleHarness.Password })
        );
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        HttpResponseMessage broken = await client.PostAsync(
            "/api/session",
            new StringContent("{\"user\":", System.Text.Encoding.UTF8, "application/json")
        );
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "sign_in" }));
    }

    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/status")]
    [InlineData("/api/audit")]
    [InlineData("/api/audit/verify")]
    [InlineData("/api/anything-else")]
    public async Task Anything_under_api_without_a_session_is_401_json(string path)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient client = console.Client();
        HttpResponseMessage none = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sign in", (string)(await ConsoleHarness.Json(none))["error"]!, StringComparison.Ordinal);

        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "made-up-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_bearer_token_is_the_session_and_the_user_is_the_one_who_signed_in()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient officer = await console.BearerAsync("ofc.lee");
        HttpResponseMessage me = await officer.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        JsonObject body = await ConsoleHarness.Json(me);
        Assert.Equal("ofc.lee", (string)body["login"]!);
        Assert.Equal(["decide_hits", "view_live_reads"], body["permissions"]!.AsArray().Select(p => (string)p!).Order());
    }

    [Fact]
    public async Task A_cookie_session_changes_nothing_without_the_csrf_header_and_signs_out_with_it_audited()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient browser = console.Client(cookies: true);
        JsonObject session = await ConsoleHarness.Json(await ConsoleHarness.SignInAsync(browser, "ofc.lee"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);

        HttpResponseMessage forged = await browser.DeleteAsync("/api/session");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("csrf", (string)(await ConsoleHarness.Json(forged))["reason"]!);
        using var wrong = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        wrong.Headers.Add(SessionCheck.CsrfHeader, (string)session["token"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        signOut.Headers.Add(SessionCheck.CsrfHeader, (string)session["csrf_token"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signOut)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
        // The bearer token was the same session: it is gone too.
        HttpClient bearer = console.Client();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)session["token"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/me")).StatusCode);
        StoredAuditEvent signedOut = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "sign_out" }));
        Assert.Equal(("ofc.lee", "ofc.lee"), (signedOut.Actor, signedOut.Subject));
    }

    [Fact]
    public async Task A_bearer_session_signs_out_without_a_csrf_header()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient officer = await console.BearerAsync("ofc.lee");
        Assert.Equal(HttpStatusCode.NoContent, (await officer.DeleteAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_session_unused_for_the_idle_time_ends_and_its_end_is_audited()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient officer = await console.BearerAsync("ofc.lee");
        console.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/me")).StatusCode);
        console.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/me")).StatusCode);
        console.Clock.Advance(TimeSpan.FromMinutes(15));

        HttpResponseMessage ended = await officer.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.Contains("ended", (string)(await ConsoleHarness.Json(ended))["error"]!, StringComparison.Ordinal);
        StoredAuditEvent expired = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "session_expired" }));
        Assert.Equal(("ofc.lee", "idle"), (expired.Subject, (string?)expired.Details["reason"]));
    }

    [Fact]
    public async Task A_page_refreshing_itself_does_not_keep_an_unattended_session_alive()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        HttpClient officer = await console.BearerAsync("ofc.lee");
        for (int i = 0; i < 4; i++)
        {
            console.Clock.Advance(TimeSpan.FromMinutes(3));
            using var refresh = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            refresh.Headers.Add(SessionCheck.BackgroundHeader, "1");
            Assert.Equal(HttpStatusCode.OK, (await officer.SendAsync(refresh)).StatusCode);
        }

        console.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/status")).StatusCode);
    }

    [Fact]
    public async Task A_session_in_constant_use_still_ends_at_its_maximum_age()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync(new() { ["Console:MaxSessionHours"] = "1" });
        HttpClient officer = await console.BearerAsync("ofc.lee");
        for (int minutes = 10; minutes < 60; minutes += 10)
        {
            console.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/me")).StatusCode);
        }

        console.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/me")).StatusCode);
        StoredAuditEvent expired = Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "session_expired" }));
        Assert.Equal("max_age", (string?)expired.Details["reason"]);
    }
}
