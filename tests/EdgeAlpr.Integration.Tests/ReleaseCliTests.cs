using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Export;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The release workflow through the real CLI on a real store, as an investigator, a supervisor and a recipient use it:
/// <c>export request</c>, <c>export requests</c>, <c>export approve</c> (the only way a package is made), <c>export
/// refuse</c>, and <c>export open</c> of what was approved.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReleaseCliTests : IDisposable
{
    private const string Case = "26-004417";
    private const string Purpose = "stolen vehicle reported 2026-11-20";
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _env = new() { ["EDGEALPR_STORE_KEY"] = StoreKeyFile.NewKeyText() };

    public void Dispose() => _dir.Dispose();

    private string[] Store => ["--dir", _dir.File("store")];

    [Fact]
    public async Task A_release_requested_by_an_investigator_and_approved_by_a_supervisor_opens_whole_and_the_trail_names_both()
    {
        (PlateRead stolen, PlateRead other) = await StoreReadsAsync();
        CliPeople people = await PeopleAsync();
        Guid request = await RequestAsync(people, [stolen.Id, other.Id], "--on-behalf-of", "Lt. R. Hale");

        CliRunner.Result pending = await Cli(["export", "requests", "--json", .. people.As("supervisor"), .. Store]);
        Assert.True(pending.ExitCode == 0, pending.Stderr);
        JsonElement listed = JsonDocument.Parse(pending.StdoutLines.Single()).RootElement;
        Assert.Equal(request, listed.GetProperty("request_id").GetGuid());
        Assert.Equal(("pending", "det.moss", "IL0840200"), (Str(listed, "state"), Str(listed, "requested_by"), Str(listed, "recipient_ori")));

        string passphrase = Secret("passphrase.txt", "blue canoe under the old bridge");
        CliRunner.Result approved = await Cli([
            "export",
            "approve",
            request.ToString(),
            "--out",
            _dir.File("case.alprx"),
            "--passphrase-file",
            passphrase,
            "--json",
            .. people.As("supervisor"),
            .. Store,
        ]);
        Assert.True(approved.ExitCode == 0, approved.Stderr);
        JsonElement summary = JsonDocument.Parse(approved.StdoutLines.Single()).RootElement;
        Assert.False(summary.TryGetProperty("key", out _));
        Assert.Equal(4, summary.GetProperty("images").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_dir.File("case.alprx")))), Str(summary, "sha256"));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".case.alprx*"));

        CliRunner.Result opened = await Cli([
            "export",
            "open",
            _dir.File("case.alprx"),
            "--out",
            _dir.File("opened"),
            "--passphrase-file",
            passphrase,
            "--json",
        ]);
        Assert.True(opened.ExitCode == 0, opened.Stderr);
        Assert.True(JsonDocument.Parse(opened.StdoutLines.Single()).RootElement.GetProperty("images_match_capture").GetBoolean());
        JsonElement metadata = JsonDocument.Parse(File.ReadAllBytes(_dir.File("opened/metadata.json"))).RootElement;
        foreach (PlateRead read in new[] { stolen, other })
        {
            JsonElement r = metadata.GetProperty("reads").EnumerateArray().Single(x => x.GetProperty("read_id").GetGuid() == read.Id);
            foreach (EvidenceImage image in new[] { read.PlateImage, read.ContextImage })
            {
                JsonElement file = r.GetProperty("images").EnumerateArray().Single(i => Str(i, "sha256") == image.Sha256);
                byte[] bytes = File.ReadAllBytes(Path.Combine(_dir.File("opened"), Str(file, "file")!));
                Assert.Equal(image.Bytes.ToArray(), bytes);
            }
        }

        Assert.Equal(
            ("IL0840200", "law_enforcement", "det.moss", "Lt. R. Hale", "sgt.ruiz", "sgt.ruiz", "sgt.ruiz"),
            (
                Str(metadata, "recipient_ori"),
                Str(metadata, "recipient_kind"),
                Str(metadata, "requester"),
                Str(metadata, "on_behalf_of"),
                Str(metadata, "approved_by"),
                Str(metadata, "verified_by"),
                Str(metadata, "released_by")
            )
        );
        Assert.Equal(request, metadata.GetProperty("request_id").GetGuid());
        string disclaimer = File.ReadAllText(_dir.File("opened/DISCLAIMER.txt"));
        Assert.Contains("Recipient ORI:     IL0840200", disclaimer, StringComparison.Ordinal);
        Assert.Contains("verified by sgt.ruiz", disclaimer, StringComparison.Ordinal);
        Assert.Contains($"Release request:   {request}, approved by sgt.ruiz", disclaimer, StringComparison.Ordinal);

        JsonElement[] trail = await AuditAsync("release_*", "evidence_disseminated");
        Assert.Equal(
            [("release_requested", "det.moss"), ("release_approved", "sgt.ruiz"), ("evidence_disseminated", "sgt.ruiz")],
            trail.Select(e => (Str(e, "action"), Str(e, "actor")))
        );
        Assert.Equal(Str(summary, "sha256"), Str(trail[2].GetProperty("details"), "package_sha256"));

        CliRunner.Result all = await Cli(["export", "requests", "--all", "--json", .. people.As("supervisor"), .. Store]);
        JsonElement decided = JsonDocument.Parse(all.StdoutLines.Single()).RootElement;
        Assert.Equal(("approved", "sgt.ruiz"), (Str(decided, "state"), Str(decided, "decided_by")));
        Assert.Equal(summary.GetProperty("dissemination_id").GetGuid(), decided.GetProperty("dissemination_id").GetGuid());
        CliRunner.Result none = await Cli(["export", "requests", .. people.As("supervisor"), .. Store]);
        Assert.Empty(none.StdoutLines);
        Assert.Contains("0 pending release requests", none.Stderr, StringComparison.Ordinal);

        await using EvidenceStore store = Open();
        Dissemination record = store.DisseminationLog.Disseminations(Case).Single().Record;
        Assert.Equal(("Springfield PD", true, request), (record.RecipientAgency, record.RecipientVerified, record.RequestId));
        Assert.Contains(store.Outbox.OutboxItems(1000), i => i.Kind == OutboxKind.Dissemination && i.RefId == record.Id);
        Assert.True(store.Reads.FindRead(other.Id)!.Evidence);
    }

    [Fact]
    public async Task A_random_key_is_printed_once_and_a_wrong_secret_fails_cleanly_leaving_nothing()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliRunner.Result exported = await ApproveWithRandomKeyAsync(stolen.Id);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        string key = exported.StdoutLines.Single();
        Assert.Equal(43, key.Length);
        Assert.Contains("shown once and kept nowhere", exported.Stderr, StringComparison.Ordinal);

        CliRunner.Result wrong = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string>
            {
                ["EDGEALPR_EXPORT_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            },
            "export",
            "open",
            _dir.File("case.alprx"),
            "--out",
            _dir.File("opened")
        );
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("wrong key for this package", wrong.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("opened")));

        CliRunner.Result opened = await Cli([
            "export",
            "open",
            _dir.File("case.alprx"),
            "--out",
            _dir.File("opened"),
            "--key-file",
            Secret("key.txt", key),
        ]);
        Assert.True(opened.ExitCode == 0, opened.Stderr);
        Assert.Contains("every image matches its capture hash", opened.StdoutLines.Single(), StringComparison.Ordinal);
        Assert.Contains("Recipient kind:    government", File.ReadAllText(_dir.File("opened/DISCLAIMER.txt")), StringComparison.Ordinal);

        CliRunner.Result wrongPassphrase = await Cli([
            "export",
            "open",
            _dir.File("case.alprx"),
            "--out",
            _dir.File("again"),
            "--passphrase-file",
            Secret("p.txt", "not the right passphrase"),
        ]);
        Assert.Equal(1, wrongPassphrase.ExitCode);
        Assert.Contains("sealed with a random key", wrongPassphrase.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_whose_image_is_not_what_was_captured_opens_to_nothing()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliRunner.Result exported = await ApproveWithRandomKeyAsync(stolen.Id);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        string key = Secret("key.txt", exported.StdoutLines.Single());
        CliRunner.Result first = await Cli(["export", "open", _dir.File("case.alprx"), "--out", _dir.File("first"), "--key-file", key]);
        Assert.True(first.ExitCode == 0, first.Stderr);

        // Someone re-seals the package with one image altered: every chunk and the manifest hold, the capture hash does not.
        var files = Directory
            .GetFiles(_dir.File("first"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_dir.File("first"), f))
            .Where(f => f != "manifest.sha256")
            .Select(f => new PackageFile(f, File.ReadAllBytes(Path.Combine(_dir.File("first"), f))))
            .ToList();
        int image = files.FindIndex(f => f.Path.EndsWith(".jpg", StringComparison.Ordinal));
        byte[] altered = files[image].Bytes.ToArray();
        altered[altered.Length / 2] ^= 0x01;
        files[image] = files[image] with { Bytes = altered };
        EvidencePackage.Write(_dir.File("altered.alprx"), files, PackageSecret.FromPassphrase("correct horse battery"), DateTimeOffset.UtcNow);

        CliRunner.Result opened = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_EXPORT_PASSPHRASE"] = "correct horse battery" },
            "export",
            "open",
            _dir.File("altered.alprx"),
            "--out",
            _dir.File("second")
        );
        Assert.Equal(1, opened.ExitCode);
        Assert.Contains("does not match the SHA-256 its metadata gives it at capture; nothing was kept", opened.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("second")));
    }

    [Fact]
    public async Task A_refused_request_releases_nothing_keeps_its_reason_and_cannot_then_be_approved()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliPeople people = await PeopleAsync();
        Guid request = await RequestAsync(people, [stolen.Id]);

        CliRunner.Result noReason = await Cli(["export", "refuse", request.ToString(), .. people.As("supervisor"), .. Store]);
        Assert.Equal(2, noReason.ExitCode);
        Assert.Contains("refused: say why the release is refused (--reason TEXT)", noReason.Stderr, StringComparison.Ordinal);

        CliRunner.Result refused = await Cli([
            "export",
            "refuse",
            request.ToString(),
            "--reason",
            "the ORI is not the agency named",
            .. people.As("supervisor"),
            .. Store,
        ]);
        Assert.True(refused.ExitCode == 0, refused.Stderr);
        Assert.Equal($"release request {request} refused: the ORI is not the agency named", refused.StdoutLines.Single());
        CliRunner.Result listed = await Cli(["export", "requests", "--all", .. people.As("supervisor"), .. Store]);
        Assert.StartsWith($"{request}  ", listed.StdoutLines.Single(), StringComparison.Ordinal);
        Assert.Contains(
            $"refused   det.moss  case {Case}  1 reads to Springfield PD (ORI IL0840200, law_enforcement)  \"{Purpose}\"  refused by sgt.ruiz: the ORI is not the agency named",
            listed.StdoutLines.Single(),
            StringComparison.Ordinal
        );

        await people.AddAsync("lt.cho", ["supervisor"]);
        CliRunner.Result approve = await Cli([
            "export",
            "approve",
            request.ToString(),
            "--out",
            _dir.File("case.alprx"),
            .. people.AsLogin("lt.cho"),
            .. Store,
        ]);
        Assert.Equal(2, approve.ExitCode);
        Assert.Contains("was refused already by sgt.ruiz", approve.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("case.alprx")));

        JsonElement[] trail = await AuditAsync("release_*");
        Assert.Equal(
            ["release_requested", "release_decision_refused", "release_refused", "release_decision_refused"],
            trail.Select(e => Str(e, "action"))
        );
        Assert.Equal("the ORI is not the agency named", Str(trail[2].GetProperty("details"), "reason"));
        Assert.Empty(await AuditAsync("evidence_disseminated"));
    }

    [Fact]
    public async Task A_supervisor_may_not_approve_their_own_request()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliPeople people = await PeopleAsync();
        await people.AddAsync("sgt.both", ["investigator", "supervisor"]);
        Guid request = await RequestAsync(people, [stolen.Id], people.AsLogin("sgt.both"));

        CliRunner.Result own = await Cli([
            "export",
            "approve",
            request.ToString(),
            "--out",
            _dir.File("case.alprx"),
            .. people.AsLogin("sgt.both"),
            .. Store,
        ]);

        Assert.Equal(2, own.ExitCode);
        Assert.Contains(
            $"refused: sgt.both requested release {request} and may not approve it: another supervisor must (separation of duties)",
            own.Stderr,
            StringComparison.Ordinal
        );
        Assert.False(File.Exists(_dir.File("case.alprx")));
        JsonElement e = (await AuditAsync("release_decision_refused")).Single();
        Assert.Equal(("sgt.both", request.ToString()), (Str(e, "actor"), Str(e, "subject")));
        Assert.Empty(await AuditAsync("evidence_disseminated"));
    }

    [Fact]
    public async Task Only_a_supervisor_approves_only_a_request_produces_a_package_and_the_one_step_export_is_gone()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliPeople people = await PeopleAsync();
        Guid request = await RequestAsync(people, [stolen.Id]);
        await PeopleAsync("officer");

        CliRunner.Result investigator = await Cli([
            "export",
            "approve",
            request.ToString(),
            "--out",
            _dir.File("case.alprx"),
            .. people.As("investigator"),
            .. Store,
        ]);
        Assert.Equal(2, investigator.ExitCode);
        Assert.Contains(
            "access denied: det.moss (investigator) lacks the ApproveRelease permission; the role(s) supervisor grant it",
            investigator.Stderr,
            StringComparison.Ordinal
        );

        CliRunner.Result officer = await Cli(["export", "requests", .. people.As("officer"), .. Store]);
        Assert.Equal(2, officer.ExitCode);
        Assert.Empty(officer.StdoutLines);

        Guid unknown = Guid.CreateVersion7();
        CliRunner.Result noRequest = await Cli([
            "export",
            "approve",
            unknown.ToString(),
            "--out",
            _dir.File("case.alprx"),
            .. people.As("supervisor"),
            .. Store,
        ]);
        Assert.Equal(2, noRequest.ExitCode);
        Assert.Contains($"refused: there is no release request {unknown} on this unit", noRequest.Stderr, StringComparison.Ordinal);
        CliRunner.Result notAnId = await Cli(["export", "approve", "last", "--out", _dir.File("case.alprx"), .. people.As("supervisor"), .. Store]);
        Assert.Equal(2, notAnId.ExitCode);
        Assert.Contains("'last' is not a release request id", notAnId.Stderr, StringComparison.Ordinal);

        // The one-step release of before, to an unverified recipient, is not a command any more.
        CliRunner.Result oneStep = await Cli([
            "export",
            "--read",
            stolen.Id.ToString(),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Daily Herald newspaper",
            "--recipient-unverified",
            "--out",
            _dir.File("case.alprx"),
            .. people.As("supervisor"),
            .. Store,
        ]);
        Assert.Equal(2, oneStep.ExitCode);
        Assert.Contains("--recipient-unverified", oneStep.Stderr, StringComparison.Ordinal);

        Secret("weak.txt", "short");
        CliRunner.Result weak = await Cli([
            "export",
            "approve",
            request.ToString(),
            "--out",
            _dir.File("case.alprx"),
            "--passphrase-file",
            _dir.File("weak.txt"),
            .. people.As("supervisor"),
            .. Store,
        ]);
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Stderr, StringComparison.Ordinal);

        Assert.False(File.Exists(_dir.File("case.alprx")));
        Assert.Empty(await AuditAsync("evidence_disseminated"));
        Assert.Equal(
            ["approve_release", "list_release_requests"],
            (await AuditAsync("access_denied")).Select(e => Str(e.GetProperty("details"), "attempted"))
        );
    }

    [Theory]
    [InlineData(null, "law_enforcement", "refused: the recipient's ORI is required (--recipient-ori)")]
    [InlineData("IL08402", "law_enforcement", "refused: recipient: the agency ORI 'IL08402' must be 9 letters and digits")]
    [InlineData(
        "IL0840200",
        "newspaper",
        "refused: 'newspaper' is not a recipient ALPR data may be released to: only a law_enforcement or government agency"
    )]
    [InlineData("IL0840200", null, "refused: say what the recipient is (--recipient-kind law_enforcement|government)")]
    public async Task A_request_to_a_recipient_without_an_ori_with_a_bad_one_or_not_an_agency_is_refused_clearly_and_audited(
        string? ori,
        string? kind,
        string message
    )
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliPeople people = await PeopleAsync();
        CliRunner.Result refused = await Cli([
            "export",
            "request",
            "--read",
            stolen.Id.ToString(),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Daily Herald",
            .. ori is null ? Array.Empty<string>() : ["--recipient-ori", ori],
            .. kind is null ? Array.Empty<string>() : ["--recipient-kind", kind],
            .. people.As("investigator"),
            .. Store,
        ]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Empty(refused.StdoutLines);
        Assert.Contains(message, refused.Stderr, StringComparison.Ordinal);
        JsonElement e = (await AuditAsync("release_request_refused")).Single();
        Assert.Equal("det.moss", Str(e, "actor"));
        Assert.Contains(e.GetProperty("details").GetProperty("problems").EnumerateArray(), p =>
            ("refused: " + p.GetString()).StartsWith(message, StringComparison.Ordinal)
        );
        Assert.Empty(await AuditAsync("release_requested"));
    }

    private Task<CliRunner.Result> Cli(string[] args) => CliRunner.RunWithEnvironmentAsync(_env, args);

    private static string? Str(JsonElement e, string property) => e.GetProperty(property).GetString();

    private Task<CliPeople> PeopleAsync(params string[] more) =>
        CliPeople.EnsureAsync(_dir.Path, _env, Store, ["investigator", "supervisor", .. more]);

    /// <summary>Requests the release of <paramref name="reads"/> to Springfield PD as the investigator (or <paramref name="extra"/>'s --as); the request id.</summary>
    private async Task<Guid> RequestAsync(CliPeople people, Guid[] reads, params string[] extra)
    {
        bool asSomeone = extra.Contains("--as");
        CliRunner.Result requested = await Cli([
            "export",
            "request",
            .. reads.SelectMany(r => new[] { "--read", r.ToString() }),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Springfield PD",
            "--recipient-ori",
            "il0840200",
            "--recipient-kind",
            "law_enforcement",
            .. extra,
            .. asSomeone ? Array.Empty<string>() : people.As("investigator"),
            .. Store,
        ]);
        Assert.True(requested.ExitCode == 0, requested.Stderr);
        Assert.Contains("kept pending for a supervisor", requested.Stderr, StringComparison.Ordinal);
        return Guid.Parse(requested.StdoutLines.Single());
    }

    /// <summary>A request to a county government office approved under a random key into <c>case.alprx</c> (the key on stdout).</summary>
    private async Task<CliRunner.Result> ApproveWithRandomKeyAsync(Guid read)
    {
        CliPeople people = await PeopleAsync();
        CliRunner.Result requested = await Cli([
            "export",
            "request",
            "--read",
            read.ToString(),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Cook County State's Attorney",
            "--recipient-ori",
            "IL016015A",
            "--recipient-kind",
            "government",
            .. people.As("investigator"),
            .. Store,
        ]);
        Assert.True(requested.ExitCode == 0, requested.Stderr);
        return await Cli([
            "export",
            "approve",
            requested.StdoutLines.Single(),
            "--out",
            _dir.File("case.alprx"),
            .. people.As("supervisor"),
            .. Store,
        ]);
    }

    private async Task<JsonElement[]> AuditAsync(params string[] actions)
    {
        var events = new List<JsonElement>();
        CliPeople people = await CliPeople.EnsureAsync(_dir.Path, _env, Store, "auditor");
        foreach (string action in actions)
        {
            CliRunner.Result audit = await Cli(["audit", "show", .. people.As("auditor"), "--action", action, "--json", .. Store]);
            Assert.True(audit.ExitCode == 0, audit.Stderr);
            events.AddRange(audit.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement));
        }

        return [.. events.OrderBy(e => e.GetProperty("seq").GetInt64())];
    }

    private string Secret(string name, string text)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, text + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private EvidenceStore Open()
    {
        string path = StoreKeyFile.Write(_dir.File("store.key"), _env["EDGEALPR_STORE_KEY"]);
        return EvidenceStore.Open(
            new StoreOptions { Directory = _dir.File("store"), MinFreeMegabytes = 0 },
            StoreKey.FromFile(path),
            TimeProvider.System,
            NullLogger.Instance
        );
    }

    /// <summary>Two reads of real photo bytes, one a hit on a stolen vehicle.</summary>
    private async Task<(PlateRead Stolen, PlateRead Other)> StoreReadsAsync()
    {
        await using EvidenceStore store = Open();
        return await KeptEvidence.StolenAndOtherAsync(store);
    }
}
