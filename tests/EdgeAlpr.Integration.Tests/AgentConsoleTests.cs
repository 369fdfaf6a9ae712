using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.WebConsole.Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr run</c> with <c>Console:Port</c> set: the console comes up in the agent's process over the store the
/// agent holds open, people added with <c>edge-alpr users</c> sign in to it, the status page shows the running
/// agent's cameras, and what they do there is in the agent's own audit trail.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(EngineCollection.Name)]
public sealed class AgentConsoleTests(AgentClipFixture clip) : IClassFixture<AgentClipFixture>, IDisposable
{
    private const string AdminPassword = "steady-harbor-lantern";
    private const string AuditorPassword = "amber-quarry-5120";
    private const string PeoplePassword = "quiet-orchard-7741";
    private readonly TempDir _dir = new();
    private readonly string _key = StoreKeyFile.NewKeyText();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_running_agent_serves_the_console_over_its_own_store()
    {
        await AddPeopleAsync();
        var admin = new Dictionary<string, string> { ["EDGEALPR_STORE_KEY"] = _key, ["EDGEALPR_PASSWORD"] = AdminPassword };
        CliRunner.Result offlineUsers = await CliRunner.RunWithEnvironmentAsync(
            admin,
            ["users", "list", "--as", "chief", "--json", "--dir", _dir.File("store")]
        );
        Assert.True(offlineUsers.ExitCode == 0, offlineUsers.Stderr);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        int port = FreePort.Next();
        Dictionary<string, object?> settings = AgentSettings.For(
            _dir,
            clip.Clip,
            "cam1",
            _dir.File("store"),
            StoreKeyFile.Write(_dir.File("store.key"), _key),
            broker.Url,
            "unit-7",
            "00:00:02",
            stopWhenCamerasEnd: false
        );
        settings["Console"] = new Dictionary<string, object?> { ["Port"] = port, ["IdleMinutes"] = 5 };
        string config = _dir.File("unit.json");
        await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(settings));

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Task<int> agent = RunCommand.RunAsync(config, new Dictionary<string, string?>(), LogLevel.Warning, null, stop.Token);
        string? seenPlate = null;
        try
        {
            await FreePort.WaitForListenerAsync(port, TimeSpan.FromSeconds(90), () => "the console did not listen");
            // The certificate the agent made, beside its store: the only one this client trusts.
            string pem = await File.ReadAllTextAsync(_dir.File(ConsoleCertificate.FileName));
            using X509Certificate2 trusted = X509Certificate2.CreateFromPem(pem);
            using var client = new HttpClient(
                new SocketsHttpHandler
                {
                    UseCookies = false,
                    SslOptions = new SslClientAuthenticationOptions
                    {
                        RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                            presented is X509Certificate2 certificate
                            && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                            && certificate.RawData.AsSpan().SequenceEqual(trusted.RawData),
                    },
                }
            )
            {
                BaseAddress = new Uri($"https://127.0.0.1:{port}/"),
            };

            HttpResponseMessage signIn = await client.PostAsJsonAsync("/api/session", new { user = "aud.kim", password = AuditorPassword });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            JsonObject session = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!.AsObject();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)session["token"]!);

            JsonObject status = JsonNode.Parse(await client.GetStringAsync("/api/status"))!.AsObject();
            Assert.Equal("unit-7", (string)status["device_id"]!);
            Assert.Equal("cam1", (string)status["agent"]!["cameras"]![0]!["id"]!);

            JsonArray signIns = JsonNode.Parse(await client.GetStringAsync("/api/audit?action=sign_in"))!.AsArray();
            Assert.Contains(signIns, e => (string)e!["actor"]! == "aud.kim" && (string)e["details"]!["origin"]! == "console 127.0.0.1");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

            // The officer's endpoints reach the agent's own use cases, shift and identity (ConsoleServer.SharedServices).
            JsonObject unit = JsonNode.Parse(await client.GetStringAsync("/api/unit"))!.AsObject();
            Assert.Equal(("unit-7", false), ((string)unit["device_id"]!, (bool)unit["covert"]!));
            Assert.Null(JsonNode.Parse(await client.GetStringAsync("/api/shift"))!["officer"]);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/reads")).StatusCode);

            // While the agent holds the store, the CLI asks it over its socket, beside the store (mode 0660).
            string socket = _dir.File("agent.sock");
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
                File.GetUnixFileMode(socket)
            );
            await UsersAndStoreThroughTheAgentAsync(client, admin, offlineUsers.StdoutLines);

            var env = new Dictionary<string, string> { ["EDGEALPR_STORE_KEY"] = _key, ["EDGEALPR_PASSWORD"] = AuditorPassword };
            CliRunner.Result shown = await CliRunner.RunWithEnvironmentAsync(
                env,
                ["audit", "show", "--as", "aud.kim", "--action", "sign_in", "--json", "--dir", _dir.File("store")]
            );
            Assert.True(shown.ExitCode == 0, shown.Stderr);
            JsonObject viaSocket = JsonNode.Parse(shown.StdoutLines[^1])!.AsObject();
            Assert.Equal("aud.kim", (string)viaSocket["actor"]!);
            // The kernel's word on who connected: the operating-system account and process, beside the unit user.
            Assert.StartsWith($"cli over the agent socket: uid {OwnUid()}", (string)viaSocket["details"]!["origin"]!);
            CliRunner.Result verified = await CliRunner.RunWithEnvironmentAsync(
                env,
                ["audit", "verify", "--as", "aud.kim", "--dir", _dir.File("store")]
            );
            Assert.True(verified.ExitCode == 0, verified.Stderr);
            Assert.Contains("audit chain intact", verified.Stderr, StringComparison.Ordinal);

            CliRunner.Result wrong = await CliRunner.RunWithEnvironmentAsync(
                new Dictionary<string, string>(env) { ["EDGEALPR_PASSWORD"] = "not-the-password" },
                ["audit", "show", "--as", "aud.kim", "--dir", _dir.File("store")]
            );
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("sign-in refused", wrong.Stderr, StringComparison.Ordinal);

            // An officer's hits and an investigator's search, through the agent and its use cases.
            var people = new Dictionary<string, string> { ["EDGEALPR_STORE_KEY"] = _key, ["EDGEALPR_PASSWORD"] = PeoplePassword };
            string[] at = ["--dir", _dir.File("store")];
            CliRunner.Result hits = await CliRunner.RunWithEnvironmentAsync(people, ["hits", "list", "--as", "ofc.lee", "--all", "--json", .. at]);
            Assert.True(hits.ExitCode == 0, hits.Stderr);
            string[] search = ["search", "--as", "det.moss", "--plate", "ABC1234", "--json", .. at];
            CliRunner.Result refused = await CliRunner.RunWithEnvironmentAsync(people, search);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("refused: a case number is required", refused.Stderr, StringComparison.Ordinal);
            CliRunner.Result found = await CliRunner.RunWithEnvironmentAsync(
                people,
                [.. search, "--case-number", "26-004417", "--purpose", "stolen vehicle reported 2026-11-20"]
            );
            Assert.True(found.ExitCode == 0, found.Stderr);
            Assert.True(JsonNode.Parse(found.StdoutLines[^1])!["audit_event"]!.GetValue<long>() > 0);
            CliRunner.Result officerSearch = await CliRunner.RunWithEnvironmentAsync(
                people,
                [
                    "search",
                    "--as",
                    "ofc.lee",
                    "--plate",
                    "ABC1234",
                    "--case-number",
                    "26-004417",
                    "--purpose",
                    "stolen vehicle reported 2026-11-20",
                    .. at,
                ]
            );
            Assert.Equal(2, officerSearch.ExitCode);
            Assert.Contains("access denied", officerSearch.Stderr, StringComparison.Ordinal);

            // A release through the agent: the investigator requests it, a supervisor approves it, the package comes to --out.
            using var officerSignIn = new HttpRequestMessage(HttpMethod.Post, "/api/session")
            {
                Content = JsonContent.Create(new { user = "ofc.lee", password = PeoplePassword }),
            };
            JsonObject officer = JsonNode.Parse(await (await client.SendAsync(officerSignIn)).Content.ReadAsStringAsync())!.AsObject();
            using var recent = new HttpRequestMessage(HttpMethod.Get, "/api/reads?limit=1");
            recent.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)officer["token"]!);
            string read = (string)JsonNode.Parse(await (await client.SendAsync(recent)).Content.ReadAsStringAsync())!.AsArray()[0]!["id"]!;
            CliRunner.Result requested = await CliRunner.RunWithEnvironmentAsync(
                people,
                [
                    "export",
                    "request",
                    "--as",
                    "det.moss",
                    "--read",
                    read,
                    "--case-number",
                    "26-004417",
                    "--purpose",
                    "stolen vehicle reported 2026-11-20",
                    "--recipient-agency",
                    "Springfield PD",
                    "--recipient-ori",
                    "IL0840200",
                    "--recipient-kind",
                    "law_enforcement",
                    .. at,
                ]
            );
            Assert.True(requested.ExitCode == 0, requested.Stderr);
            string requestId = requested.StdoutLines[^1].Trim();
            CliRunner.Result pending = await CliRunner.RunWithEnvironmentAsync(people, ["export", "requests", "--as", "sgt.ruiz", "--json", .. at]);
            Assert.True(pending.ExitCode == 0, pending.Stderr);
            Assert.Equal(requestId, (string)JsonNode.Parse(Assert.Single(pending.StdoutLines))!["request_id"]!);
            string package = _dir.File("case.alprx");
            CliRunner.Result approved = await CliRunner.RunWithEnvironmentAsync(
                new Dictionary<string, string>(people) { ["EDGEALPR_EXPORT_PASSPHRASE"] = "harbor lantern quarry 26" },
                ["export", "approve", requestId, "--as", "sgt.ruiz", "--out", package, .. at]
            );
            Assert.True(approved.ExitCode == 0, approved.Stderr);
            Assert.True(new FileInfo(package).Length > 0, "no package was written");
            CliRunner.Result opened = await CliRunner.RunWithEnvironmentAsync(
                new Dictionary<string, string> { ["EDGEALPR_EXPORT_PASSPHRASE"] = "harbor lantern quarry 26" },
                ["export", "open", package, "--out", _dir.File("opened")]
            );
            Assert.True(opened.ExitCode == 0, opened.Stderr);

            // A supervisor's new wanted through the agent: in the list its matcher uses at once, and the read it kept of
            // that plate raised as a hit (as the read path raises any); an officer lists it; removed with why.
            using var lastRead = new HttpRequestMessage(HttpMethod.Get, "/api/reads?limit=1");
            lastRead.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)officer["token"]!);
            seenPlate = (string)JsonNode.Parse(await (await client.SendAsync(lastRead)).Content.ReadAsStringAsync())!.AsArray()[0]!["plate"]!;
            string[] hotList = ["--dir", _dir.File("hotlist"), "--store-dir", _dir.File("store")];
            CliRunner.Result wanted = await CliRunner.RunWithEnvironmentAsync(
                people,
                ["hotlist", "add", seenPlate, "--reason", "AMBER alert 26-1123", "--category", "amber", "--as", "sgt.ruiz", "--json", .. hotList]
            );
            Assert.True(wanted.ExitCode == 0, wanted.Stderr);
            JsonObject change = JsonNode.Parse(wanted.StdoutLines[^1])!.AsObject();
            Assert.True((bool)change["through_agent"]!);
            Assert.True((int)change["retroactive_hits"]! >= 1, string.Join("\n", wanted.StdoutLines));
            Assert.Equal("sgt.ruiz", (string)JsonNode.Parse(wanted.StdoutLines[0])!["entered_by"]!);
            CliRunner.Result listed = await CliRunner.RunWithEnvironmentAsync(people, ["hotlist", "local", "--as", "ofc.lee", "--json", .. hotList]);
            Assert.True(listed.ExitCode == 0, listed.Stderr);
            Assert.Equal(seenPlate, (string)JsonNode.Parse(Assert.Single(listed.StdoutLines))!["plate"]!);
            CliRunner.Result notOfficers = await CliRunner.RunWithEnvironmentAsync(
                people,
                ["hotlist", "remove", seenPlate, "--reason", "found", "--as", "ofc.lee", .. hotList]
            );
            Assert.Equal(2, notOfficers.ExitCode);
            Assert.Contains("access denied", notOfficers.Stderr, StringComparison.Ordinal);
            CliRunner.Result recovered = await CliRunner.RunWithEnvironmentAsync(
                people,
                ["hotlist", "remove", seenPlate, "--reason", "child found safe", "--as", "sgt.ruiz", .. hotList]
            );
            Assert.True(recovered.ExitCode == 0, recovered.Stderr);
            Assert.Contains("1 local entry(ies) removed", string.Join("\n", recovered.StdoutLines), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await agent);
        await using EvidenceStore store = EvidenceStore.Open(
            new StoreOptions { Directory = _dir.File("store"), MinFreeMegabytes = 0 },
            StoreKey.FromFile(_dir.File("store.key")),
            TimeProvider.System,
            NullLogger.Instance,
            create: false
        );
        // Written by the console and the CLI through the agent's store instance, and the chain holds.
        Assert.All(store.AuditLog.QueryAudit(new AuditFilter { Action = "audit_viewed" }), e => Assert.Equal("aud.kim", e.Actor));
        Assert.Equal(3, store.AuditLog.QueryAudit(new AuditFilter { Action = "audit_viewed" }).Count);
        Assert.False(File.Exists(_dir.File("agent.sock")), "the socket outlived the agent");
        // The admin's changes through the agent are audited under the admin, as on the store itself.
        StoredAuditEvent userDisabled = Assert.Single(store.AuditLog.QueryAudit(new AuditFilter { Action = "user_disabled" }));
        Assert.Equal(("chief", "ofc.new"), (userDisabled.Actor, userDisabled.Subject));
        Assert.Equal("sgt.ruiz", Assert.Single(store.AuditLog.QueryAudit(new AuditFilter { Action = "hotlist_local_added" })).Actor);
        StoredAuditEvent removal = Assert.Single(store.AuditLog.QueryAudit(new AuditFilter { Action = "hotlist_local_removed" }));
        Assert.Equal(("sgt.ruiz", "child found safe"), (removal.Actor, (string)removal.Details["removal_reason"]!));
        Assert.Contains(store.AuditLog.QueryAudit(new AuditFilter { Action = "access_denied" }), e => e.Actor == "ofc.lee" && e.Subject == seenPlate);
        Assert.True(store.AuditLog.VerifyAudit().Ok);
    }

    /// <summary>
    /// <c>users</c> and <c>store stats</c> while the agent holds the store: the admin's commands go through its socket
    /// and print what they print on the store itself; bootstrap-style and repair are refused with the reason.
    /// </summary>
    private async Task UsersAndStoreThroughTheAgentAsync(HttpClient console, Dictionary<string, string> admin, string[] offlineUsers)
    {
        string[] at = ["--dir", _dir.File("store")];
        CliRunner.Result listed = await CliRunner.RunWithEnvironmentAsync(admin, ["users", "list", "--as", "chief", "--json", .. at]);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Equal(offlineUsers, listed.StdoutLines);

        CliRunner.Result added = await CliRunner.RunWithEnvironmentAsync(
            admin,
            [
                "users",
                "add",
                "ofc.new",
                "--role",
                "officer",
                "--agency",
                "IL0160000",
                "--certified-until",
                "2099-06-30",
                "--as",
                "chief",
                "--generate-password",
                .. at,
            ]
        );
        Assert.True(added.ExitCode == 0, added.Stderr);
        string shown = Assert.Single(added.StdoutLines, l => l.StartsWith("password for ofc.new (shown once", StringComparison.Ordinal));
        string password = shown[(shown.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
        Assert.Contains("added ofc.new (ofc.new; officer; IL0160000; certified until 2099-06-30)", added.StdoutLines);
        using (HttpResponseMessage signedIn = await console.PostAsJsonAsync("/api/session", new { user = "ofc.new", password }))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        CliRunner.Result disabled = await CliRunner.RunWithEnvironmentAsync(admin, ["users", "disable", "ofc.new", "--as", "chief", .. at]);
        Assert.True(disabled.ExitCode == 0, disabled.Stderr);
        Assert.EndsWith("; disabled)", Assert.Single(disabled.StdoutLines), StringComparison.Ordinal);
        using (HttpResponseMessage refused = await console.PostAsJsonAsync("/api/session", new { user = "ofc.new", password }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(admin, ["store", "stats", "--as", "chief", "--json", .. at]);
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        JsonObject storeStats = JsonNode.Parse(Assert.Single(stats.StdoutLines))!.AsObject();
        Assert.Equal(Path.GetFullPath(_dir.File("store")), Path.GetFullPath((string)storeStats["directory"]!));
        Assert.True((long)storeStats["audit_events"]! > 0);
        CliRunner.Result nobody = await CliRunner.RunWithEnvironmentAsync(admin, ["store", "stats", .. at]);
        Assert.Equal(2, nobody.ExitCode);
        Assert.Contains("sign in with --as", nobody.Stderr, StringComparison.Ordinal);
        CliRunner.Result repair = await CliRunner.RunWithEnvironmentAsync(admin, ["store", "repair", .. at]);
        Assert.Equal(2, repair.ExitCode);
        Assert.Contains("stop it before a repair", repair.Stderr, StringComparison.Ordinal);
    }

    // This process's real uid, as /proc says it (the CLI it starts runs as the same account).
    private static string OwnUid() =>
        File.ReadLines("/proc/self/status")
            .First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    [Fact]
    public async Task A_console_on_every_interface_or_a_misspelt_console_key_stops_the_agent_before_it_starts()
    {
        foreach (
            (Dictionary<string, object?> console, string[] expected) in new (Dictionary<string, object?>, string[])[]
            {
                (
                    new()
                    {
                        ["Port"] = 8443,
                        ["Address"] = "0.0.0.0",
                        ["IdleMinutes"] = 0,
                    },
                    [
                        "configuration error: Console:Address 0.0.0.0 listens on every interface",
                        "configuration error: Console:IdleMinutes must be 1 to 1440",
                    ]
                ),
                (new() { ["Prot"] = 8443 }, ["configuration error: Console:Prot is not a setting: did you mean Console:Port?"]),
            }
        )
        {
            Dictionary<string, object?> settings = AgentSettings.For(
                _dir,
                clip.Clip,
                "cam1",
                _dir.File("store"),
                StoreKeyFile.Write(_dir.File("store.key"), _key),
                "mqtt://127.0.0.1:1",
                "unit-7",
                "00:00:02",
                stopWhenCamerasEnd: true
            );
            settings["Console"] = console;
            string config = _dir.File($"unit-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(settings));

            CliRunner.Result result = await CliRunner.RunAsync("run", "--config", config);
            Assert.Equal(2, result.ExitCode);
            foreach (string line in expected)
            {
                Assert.Contains(line, result.Stderr, StringComparison.Ordinal);
            }
        }

        Assert.False(File.Exists(_dir.File(ConsoleCertificate.FileName)));
    }

    private async Task AddPeopleAsync()
    {
        string[] store = ["--dir", _dir.File("store")];
        CliRunner.Result admin = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_STORE_KEY"] = _key, ["EDGEALPR_PASSWORD"] = AdminPassword },
            ["users", "add", "chief", "--role", "admin", "--agency", "IL0160000", "--certified-until", "2099-12-31", .. store]
        );
        Assert.True(admin.ExitCode == 0, admin.Stderr);
        CliRunner.Result auditor = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string>
            {
                ["EDGEALPR_STORE_KEY"] = _key,
                ["EDGEALPR_PASSWORD"] = AdminPassword,
                ["EDGEALPR_NEW_PASSWORD"] = AuditorPassword,
            },
            ["users", "add", "aud.kim", "--role", "auditor", "--agency", "IL0160000", "--certified-until", "2099-06-30", "--as", "chief", .. store]
        );
        Assert.True(auditor.ExitCode == 0, auditor.Stderr);
        foreach ((string login, string role) in new[] { ("ofc.lee", "officer"), ("det.moss", "investigator"), ("sgt.ruiz", "supervisor") })
        {
            CliRunner.Result added = await CliRunner.RunWithEnvironmentAsync(
                new Dictionary<string, string>
                {
                    ["EDGEALPR_STORE_KEY"] = _key,
                    ["EDGEALPR_PASSWORD"] = AdminPassword,
                    ["EDGEALPR_NEW_PASSWORD"] = PeoplePassword,
                },
                ["users", "add", login, "--role", role, "--agency", "IL0160000", "--certified-until", "2099-06-30", "--as", "chief", .. store]
            );
            Assert.True(added.ExitCode == 0, added.Stderr);
        }
    }
}
