using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Export;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr search</c>, <c>export open</c> and <c>audit</c> on a real store, as an investigator, a records
/// clerk and an auditor use them (the release workflow, <c>export request|approve|refuse</c>, is <see cref="ReleaseCliTests"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PolicyCliTests : IDisposable
{
    private const string Case = "26-004417";
    private const string Purpose = "stolen vehicle reported 2026-11-20";
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _env = new()
    {
        ["EDGEALPR_STORE_KEY"] = StoreKeyFile.NewKeyText(),
        ["EDGEALPR_PASSWORD"] = UnitPeople.Password,
    };

    public void Dispose() => _dir.Dispose();

    private string[] Store => ["--dir", _dir.File("store")];

    [Theory]
    [InlineData("--case-number", "case number is required")]
    [InlineData("--purpose", "authorised purpose is required")]
    public async Task A_search_without_a_case_number_or_a_purpose_is_refused_shows_nothing_and_is_audited(string left, string problem)
    {
        await StoreReadsAsync();
        string[] grounds = left == "--case-number" ? ["--purpose", Purpose] : ["--case-number", Case];
        CliRunner.Result refused = await Cli(["search", "--as", UnitPeople.Investigator, "--plate", "STL3N1", "--json", .. grounds, .. Store]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Empty(refused.StdoutLines);
        Assert.Contains($"refused: a{(left == "--purpose" ? "n" : string.Empty)} {problem}", refused.Stderr, StringComparison.Ordinal);

        CliRunner.Result audit = await Cli(["audit", "show", "--as", UnitPeople.Auditor, "--action", "search*", "--json", .. Store]);
        JsonElement e = JsonDocument.Parse(audit.StdoutLines.Single()).RootElement;
        Assert.Equal("search_refused", e.GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_search_by_an_officer_or_with_a_made_up_case_number_or_purpose_is_refused()
    {
        await StoreReadsAsync();
        string[] search = ["search", "--plate", "STL3N1", .. Store];

        CliRunner.Result officer = await Cli([.. search, "--as", UnitPeople.Officer, "--case-number", Case, "--purpose", Purpose]);
        Assert.Equal(2, officer.ExitCode);
        Assert.Contains("access denied: ofc.lee (officer) lacks the Search permission", officer.Stderr, StringComparison.Ordinal);

        CliRunner.Result one = await Cli([.. search, "--as", UnitPeople.Investigator, "--case-number", "1", "--purpose", Purpose]);
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("case-number format", one.Stderr, StringComparison.Ordinal);

        CliRunner.Result vague = await Cli([.. search, "--as", UnitPeople.Investigator, "--case-number", Case, "--purpose", "just looking around"]);
        Assert.Equal(2, vague.ExitCode);
        Assert.Contains("does not state a purpose", vague.Stderr, StringComparison.Ordinal);
        Assert.Empty(vague.StdoutLines);
    }

    [Fact]
    public async Task A_search_for_a_case_lists_the_reads_and_is_recorded_with_its_grounds_and_count()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliRunner.Result found = await Cli([
            "search",
            "--as",
            UnitPeople.Investigator,
            "--partial",
            "STL*",
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--on-behalf-of",
            "Lt. R. Hale, Springfield PD",
            "--json",
            .. Store,
        ]);
        Assert.True(found.ExitCode == 0, found.Stderr);
        JsonElement read = JsonDocument.Parse(found.StdoutLines[0]).RootElement;
        Assert.Equal(stolen.Id, read.GetProperty("read_id").GetGuid());
        Assert.Equal("stolen_vehicle", read.GetProperty("hits")[0].GetProperty("category").GetString());
        JsonElement summary = JsonDocument.Parse(found.StdoutLines[^1]).RootElement;
        Assert.Equal(1, summary.GetProperty("results").GetInt32());

        CliRunner.Result audit = await Cli(["audit", "show", "--as", UnitPeople.Auditor, "--case-number", Case, "--json", .. Store]);
        JsonElement e = JsonDocument.Parse(audit.StdoutLines.Single()).RootElement;
        Assert.Equal("search", e.GetProperty("action").GetString());
        Assert.Equal(UnitPeople.Investigator, e.GetProperty("actor").GetString());
        Assert.Equal("Lt. R. Hale, Springfield PD", e.GetProperty("details").GetProperty("on_behalf_of").GetString());
        Assert.Equal(Purpose, e.GetProperty("details").GetProperty("purpose").GetString());
        Assert.Equal(1, e.GetProperty("details").GetProperty("results").GetInt32());
    }

    [Fact]
    public async Task A_package_whose_metadata_is_an_empty_object_or_too_large_opens_to_nothing_with_a_clear_error()
    {
        // A re-sealed package (anyone with the recipient's key can make one) whose metadata is '{}': it used to throw an
        // ArgumentNullException after every file was already decrypted into the folder.
        string key = Secret("key.txt", PackageKey.Random().ToText());
        byte[] image = RandomNumberGenerator.GetBytes(50_000);
        EvidencePackage.Write(
            _dir.File("empty.alprx"),
            [new PackageFile("metadata.json", "{}"u8.ToArray()), new PackageFile("images/read-1/plate.jpg", image)],
            PackageSecret.FromKey(File.ReadAllText(key).Trim()),
            DateTimeOffset.UtcNow
        );

        CliRunner.Result opened = await Cli(["export", "open", _dir.File("empty.alprx"), "--out", _dir.File("opened"), "--key-file", key]);

        Assert.Equal(1, opened.ExitCode);
        Assert.Equal($"edge-alpr: package: metadata.json has no 'reads' list; nothing was kept in {_dir.File("opened")}", opened.Stderr.Trim());
        Assert.Equal(
            ["empty.alprx", "key.txt"],
            Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)
        );

        // The total limit is the opener's to set: the same package's 50 kB of files are over a 10 kB limit.
        EvidencePackage.Write(
            _dir.File("fine.alprx"),
            [new PackageFile("metadata.json", "{\"reads\":[]}"u8.ToArray()), new PackageFile("images/read-1/plate.jpg", image)],
            PackageSecret.FromKey(File.ReadAllText(key).Trim()),
            DateTimeOffset.UtcNow
        );
        CliRunner.Result limited = await Cli([
            "export",
            "open",
            _dir.File("fine.alprx"),
            "--out",
            _dir.File("opened"),
            "--key-file",
            key,
            "--max-bytes",
            "10000",
        ]);
        Assert.Equal(1, limited.ExitCode);
        Assert.Contains("more than the 10000 allowed (--max-bytes); nothing was written", limited.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("opened")));
        CliRunner.Result fine = await Cli(["export", "open", _dir.File("fine.alprx"), "--out", _dir.File("opened"), "--key-file", key]);
        Assert.True(fine.ExitCode == 0, fine.Stderr);
        Assert.Equal(image, File.ReadAllBytes(_dir.File("opened/images/read-1/plate.jpg")));
    }

    [Fact]
    public async Task Audit_verify_passes_on_an_intact_trail_and_fails_against_a_checkpoint_it_does_not_carry()
    {
        await StoreReadsAsync();
        CliRunner.Result intact = await Cli(["audit", "verify", "--as", UnitPeople.Auditor, .. Store]);
        Assert.True(intact.ExitCode == 0, intact.Stderr);
        JsonElement report = JsonDocument.Parse(intact.StdoutLines.Single()).RootElement;
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Contains("audit chain intact", intact.Stderr, StringComparison.Ordinal);

        CliRunner.Result broken = await Cli(["audit", "verify", "--as", UnitPeople.Auditor, "--checkpoint", $"1:{new string('0', 64)}", .. Store]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("audit chain BROKEN at event 1", broken.Stderr, StringComparison.Ordinal);
        CliRunner.Result badArgument = await Cli(["audit", "verify", "--as", UnitPeople.Auditor, "--checkpoint", "one:abc", .. Store]);
        Assert.Equal(2, badArgument.ExitCode);
        Assert.Contains("is not SEQ:SHA256", badArgument.Stderr, StringComparison.Ordinal);

        CliRunner.Result viewed = await Cli(["audit", "show", "--as", UnitPeople.Auditor, "--action", "audit_*", "--json", .. Store]);
        Assert.Equal(
            ["audit_viewed", "audit_viewed"],
            viewed.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString())
        );
    }

    [Fact]
    public async Task A_local_new_wanted_added_on_the_command_line_is_audited_with_who_and_why()
    {
        await StoreReadsAsync();
        var env = new Dictionary<string, string>(_env) { ["EDGEALPR_Store__Directory"] = _dir.File("store") };
        string[] add =
        [
            "hotlist",
            "add",
            "LOC4L1",
            "--reason",
            "armed robbery suspect vehicle",
            "--record",
            "26-004417",
            "--dir",
            _dir.File("hotlist"),
        ];
        CliRunner.Result officer = await CliRunner.RunWithEnvironmentAsync(env, [.. add, "--as", UnitPeople.Officer]);
        Assert.Equal(2, officer.ExitCode);
        Assert.Contains("access denied: ofc.lee (officer) lacks the ManageLocalEntries permission", officer.Stderr, StringComparison.Ordinal);

        // The old --by names whom the supervisor acts for, beside them: never who entered it.
        CliRunner.Result added = await CliRunner.RunWithEnvironmentAsync(env, [.. add, "--by", "Lt. K. Moss", "--as", UnitPeople.Supervisor]);
        Assert.True(added.ExitCode == 0, added.Stderr);

        CliRunner.Result audit = await Cli(["audit", "show", "--as", UnitPeople.Auditor, "--action", "hotlist_local_added", "--json", .. Store]);
        JsonElement e = JsonDocument.Parse(audit.StdoutLines.Single()).RootElement;
        Assert.Equal("LOC4L1", e.GetProperty("subject").GetString());
        Assert.Equal(UnitPeople.Supervisor, e.GetProperty("actor").GetString());
        Assert.Equal("Lt. K. Moss", e.GetProperty("details").GetProperty("on_behalf_of").GetString());
        Assert.Equal("armed robbery suspect vehicle", e.GetProperty("details").GetProperty("reason").GetString());
        Assert.Equal("26-004417", e.GetProperty("details").GetProperty("record_number").GetString());
        CliRunner.Result denied = await Cli(["audit", "show", "--as", UnitPeople.Auditor, "--action", "access_denied", "--json", .. Store]);
        Assert.Equal(UnitPeople.Officer, JsonDocument.Parse(denied.StdoutLines.Single()).RootElement.GetProperty("actor").GetString());

        // The agent's catching up at its start records nothing new: the trail already has it.
        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(env, "hotlist", "stats", "--dir", _dir.File("hotlist"));
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        CliRunner.Result again = await Cli(["audit", "show", "--as", UnitPeople.Auditor, "--action", "hotlist_local_added", "--json", .. Store]);
        Assert.Single(again.StdoutLines);
    }

    private Task<CliRunner.Result> Cli(string[] args) => CliRunner.RunWithEnvironmentAsync(_env, args);

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
        UnitPeople.Seed(store);
        return await KeptEvidence.StolenAndOtherAsync(store);
    }
}
