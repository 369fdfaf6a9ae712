using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Export;

namespace EdgeAlpr.Console.Tests;

/// <summary>
/// The release workflow through the console: an investigator requests, another supervisor approves and the package
/// is written beside the store, downloadable by the parties only and opening with the passphrase or the key shown
/// once; the directive's recipient rules, separation of duties and the roles hold; each step audited under its user.
/// </summary>
public sealed class ReleaseApiTests
{
    private const string Case = "26-004417";
    private const string Purpose = "stolen vehicle reported 2026-11-30";
    private const string Passphrase = "a long enough passphrase";

    [Fact]
    public async Task A_request_approved_by_a_supervisor_gives_a_package_the_parties_download_and_that_opens()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow(), HotListCategory.StolenVehicle);
        HttpClient investigator = await console.BearerAsync("inv.ada");
        HttpClient supervisor = await console.BearerAsync("sup.ray");

        HttpResponseMessage requested = await investigator.PostAsJsonAsync("/api/releases", Request([read]));
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        JsonObject request = (await ConsoleHarness.Json(requested))["request"]!.AsObject();
        Guid id = Guid.Parse((string)request["request_id"]!);
        Assert.Equal(
            ("pending", "inv.ada", "IL0160000"),
            ((string)request["state"]!, (string)request["requested_by"]!, (string)request["recipient_ori"]!)
        );

        JsonArray pending = await ConsoleHarness.JsonArray(await supervisor.GetAsync("/api/releases?state=pending"));
        JsonObject listed = Assert.Single(pending)!.AsObject();
        Assert.Equal(id, Guid.Parse((string)listed["request"]!["request_id"]!));
        Assert.Equal($"/api/reads/{read:D}/images/plate", (string)Assert.Single(listed["reads"]!.AsArray())!["plate_image_url"]!);
        JsonArray mine = await ConsoleHarness.JsonArray(await investigator.GetAsync("/api/releases?state=all"));
        Assert.Equal(id, Guid.Parse((string)Assert.Single(mine)!["request"]!["request_id"]!));

        HttpResponseMessage approved = await supervisor.PostAsJsonAsync($"/api/releases/{id}/approve", new { passphrase = Passphrase });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        JsonObject done = await ConsoleHarness.Json(approved);
        Assert.Equal(("approved", "passphrase", 1), ((string)done["state"]!, (string)done["key_kind"]!, (int)done["reads"]!));
        Assert.Null(done["key"]);
        string written = Path.Combine(console.Folder.Path, "releases", $"release-{id:D}.alprx");
        Assert.True(File.Exists(written));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(written)!)
            );
        }

        Assert.Equal(
            "approved",
            (string)Assert.Single(await ConsoleHarness.JsonArray(await investigator.GetAsync("/api/releases?state=all")))!["request"]!["state"]!
        );
        foreach ((HttpClient party, string login) in new[] { (investigator, "inv.ada"), (supervisor, "sup.ray") })
        {
            HttpResponseMessage download = await party.GetAsync((string)done["package_url"]!);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal($"release-{id:D}.alprx", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            string saved = Path.Combine(console.Folder.Path, $"{login}.alprx");
            await File.WriteAllBytesAsync(saved, await download.Content.ReadAsByteArrayAsync());
            OpenedPackage opened = EvidencePackage.Open(
                saved,
                PackageSecret.Either(Passphrase),
                Path.Combine(console.Folder.Path, $"opened-{login}")
            );
            Assert.Equal((string)done["package_id"]!, opened.PackageId);
            Assert.Contains(opened.Files, f => f.Path.StartsWith($"images/{read}/plate-", StringComparison.Ordinal));
        }

        StoredAuditEvent[] downloads = [.. console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_downloaded" })];
        Assert.Equal(["inv.ada", "sup.ray"], downloads.Select(d => d.Actor).Order());
        Assert.All(downloads, d => Assert.Equal(id.ToString(), d.Subject));
        Assert.Equal("inv.ada", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_requested" })).Actor);
        Assert.Equal("sup.ray", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_approved" })).Actor);

        // Anyone else may not take it, nor may the package be made twice.
        HttpClient other = await console.BearerAsync("sup.max");
        HttpResponseMessage refused = await other.GetAsync((string)done["package_url"]!);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only the investigator who requested", await ProblemsAsync(refused), StringComparison.Ordinal);
        Assert.Equal("sup.max", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_download_refused" })).Actor);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await other.PostAsJsonAsync($"/api/releases/{id}/approve", new { passphrase = Passphrase })).StatusCode
        );
    }

    [Fact]
    public async Task A_generated_key_is_given_once_in_the_approval_and_opens_the_package()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient investigator = await console.BearerAsync("inv.ada");
        HttpClient supervisor = await console.BearerAsync("sup.ray");
        Guid id = await RequestAsync(investigator, read);

        JsonObject done = await ConsoleHarness.Json(await supervisor.PostAsJsonAsync($"/api/releases/{id}/approve", new { generate_key = true }));

        string key = (string)done["key"]!;
        Assert.Equal("random", (string)done["key_kind"]!);
        string saved = Path.Combine(console.Folder.Path, "got.alprx");
        await File.WriteAllBytesAsync(saved, await investigator.GetByteArrayAsync((string)done["package_url"]!));
        Assert.NotNull(EvidencePackage.Open(saved, PackageSecret.Either(key), Path.Combine(console.Folder.Path, "opened")));
        string listing = await (await supervisor.GetAsync("/api/releases?state=all")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(console.Store.AuditLog.QueryAudit(new AuditFilter { Limit = 1000 }), e =>
            e.Details.ToJsonString().Contains(key, StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task A_supervisor_may_not_approve_their_own_request_and_the_use_case_says_why()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient sergeant = await console.BearerAsync("sgt.both");
        Guid id = await RequestAsync(sergeant, read);

        HttpResponseMessage response = await sergeant.PostAsJsonAsync($"/api/releases/{id}/approve", new { passphrase = Passphrase });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("may not approve it: another supervisor must", await ProblemsAsync(response), StringComparison.Ordinal);
        Assert.False(
            Directory.Exists(Path.Combine(console.Folder.Path, "releases"))
                && Directory.EnumerateFiles(Path.Combine(console.Folder.Path, "releases")).Any()
        );
        Assert.Equal("sgt.both", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_decision_refused" })).Actor);
        Assert.Empty(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_approved" }));
    }

    [Fact]
    public async Task An_investigator_approving_is_403_and_a_supervisor_refusing_needs_a_reason()
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient investigator = await console.BearerAsync("inv.ada");
        HttpClient supervisor = await console.BearerAsync("sup.ray");
        Guid id = await RequestAsync(investigator, read);

        HttpResponseMessage approving = await investigator.PostAsJsonAsync($"/api/releases/{id}/approve", new { passphrase = Passphrase });
        Assert.Equal(HttpStatusCode.Forbidden, approving.StatusCode);
        Assert.Equal("access_denied", (string)(await ConsoleHarness.Json(approving))["reason"]!);
        Assert.Equal("inv.ada", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" })).Actor);

        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/releases/{id}/refuse", new { reason = " " })).StatusCode);
        HttpResponseMessage refused = await supervisor.PostAsJsonAsync(
            $"/api/releases/{id}/refuse",
            new { reason = "the recipient's ORI is not the agency named" }
        );
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        JsonObject request = (await ConsoleHarness.Json(refused))["request"]!.AsObject();
        Assert.Equal(("refused", "sup.ray"), ((string)request["state"]!, (string)request["decided_by"]!));
        Assert.Null((await ConsoleHarness.Json(refused))["package_url"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await investigator.GetAsync($"/api/releases/{id}/package")).StatusCode);
        Assert.Empty(await ConsoleHarness.JsonArray(await supervisor.GetAsync("/api/releases")));
    }

    [Theory]
    [InlineData("newspaper", "IL0160000", "'newspaper' is not a recipient ALPR data may be released to")]
    [InlineData("law_enforcement", null, "the recipient's ORI is required")]
    [InlineData("law_enforcement", "", "the recipient's ORI is required")]
    public async Task A_recipient_that_is_not_a_law_enforcement_or_government_agency_with_an_ori_is_400_and_nothing_is_kept(
        string kind,
        string? ori,
        string problem
    )
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient investigator = await console.BearerAsync("inv.ada");

        HttpResponseMessage response = await investigator.PostAsJsonAsync("/api/releases", Request([read], kind, ori, agency: "Daily Herald"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await ProblemsAsync(response), StringComparison.Ordinal);
        Assert.Equal("inv.ada", Assert.Single(console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "release_request_refused" })).Actor);
        Assert.Empty(await ConsoleHarness.JsonArray(await (await console.BearerAsync("sup.ray")).GetAsync("/api/releases?state=all")));
    }

    [Theory]
    [InlineData("""{"passphrase": "short"}""", "the passphrase must be at least 12 characters")]
    [InlineData("""{}""", "one of the two")]
    [InlineData("""{"passphrase": "a long enough passphrase", "generate_key": true}""", "one of the two")]
    public async Task An_approval_without_a_usable_secret_is_400_and_the_request_stays_pending(string json, string problem)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        Guid id = await RequestAsync(await console.BearerAsync("inv.ada"), read);
        HttpClient supervisor = await console.BearerAsync("sup.ray");

        HttpResponseMessage response = await supervisor.PostAsync(
            $"/api/releases/{id}/approve",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await ProblemsAsync(response), StringComparison.Ordinal);
        Assert.Equal(
            "pending",
            (string)Assert.Single(await ConsoleHarness.JsonArray(await supervisor.GetAsync("/api/releases")))!["request"]!["state"]!
        );
    }

    [Theory]
    [InlineData("ofc.lee")]
    [InlineData("aud.kim")]
    [InlineData("adm.roe")]
    public async Task Officers_auditors_and_admins_may_neither_request_nor_list_releases(string login)
    {
        await using ConsoleHarness console = await ConsoleHarness.StartAsync();
        Guid read = await KeptReads.StoreAsync(console.Store, "STL3N1", console.Clock.GetUtcNow());
        HttpClient client = await console.BearerAsync(login);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/releases", Request([read]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/releases")).StatusCode);
        Assert.Equal(2, console.Store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" }).Count);
    }

    private static async Task<string> ProblemsAsync(HttpResponseMessage response) =>
        string.Join(" | ", (await ConsoleHarness.Json(response))["problems"]!.AsArray().Select(p => (string)p!));

    private static object Request(
        Guid[] reads,
        string kind = "law_enforcement",
        string? ori = "IL0160000",
        string agency = "Springfield Police Department"
    ) =>
        new
        {
            reads = reads.Select(r => r.ToString()).ToArray(),
            case_number = Case,
            purpose = Purpose,
            recipient_agency = agency,
            recipient_ori = ori,
            recipient_kind = kind,
            requested_by = "Chief of Police",
        };

    private static async Task<Guid> RequestAsync(HttpClient client, Guid read)
    {
        HttpResponseMessage response = await client.PostAsJsonAsync("/api/releases", Request([read]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((string)(await ConsoleHarness.Json(response))["request"]!["request_id"]!);
    }
}
