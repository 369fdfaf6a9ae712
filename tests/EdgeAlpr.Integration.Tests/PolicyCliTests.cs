using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Export;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr search</c>, <c>export</c>, <c>export open</c> and <c>audit</c> on a real store, as an
/// investigator, a records clerk and an auditor use them.
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

        CliRunner.Result audit = await Cli(["audit", "show", "--action", "search*", "--json", .. Store]);
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

        CliRunner.Result audit = await Cli(["audit", "show", "--case-number", Case, "--json", .. Store]);
        JsonElement e = JsonDocument.Parse(audit.StdoutLines.Single()).RootElement;
        Assert.Equal("search", e.GetProperty("action").GetString());
        Assert.Equal(UnitPeople.Investigator, e.GetProperty("actor").GetString());
        Assert.Equal("Lt. R. Hale, Springfield PD", e.GetProperty("details").GetProperty("on_behalf_of").GetString());
        Assert.Equal(Purpose, e.GetProperty("details").GetProperty("purpose").GetString());
        Assert.Equal(1, e.GetProperty("details").GetProperty("results").GetInt32());
    }

    [Fact]
    public async Task An_export_round_trip_keeps_every_image_byte_and_hash_and_the_dissemination_is_audited_and_queued()
    {
        (PlateRead stolen, PlateRead other) = await StoreReadsAsync();
        string passphrase = Secret("passphrase.txt", "blue canoe under the old bridge");
        CliRunner.Result exported = await Cli([
            "export",
            "--read",
            stolen.Id.ToString(),
            "--read",
            other.Id.ToString(),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Springfield PD (IL0840200)",
            "--requested-by",
            "Det. K. Moss, Springfield PD",
            "--recipient-verified-by",
            "Sgt. A. Ruiz",
            "--released-by",
            "clerk.lee",
            "--passphrase-file",
            passphrase,
            "--out",
            _dir.File("case.alprx"),
            "--json",
            .. Store,
        ]);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        JsonElement summary = JsonDocument.Parse(exported.StdoutLines.Single()).RootElement;
        Assert.False(summary.TryGetProperty("key", out _));
        Assert.Equal(4, summary.GetProperty("images").GetInt32());
        Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_dir.File("case.alprx")))),
            summary.GetProperty("sha256").GetString()
        );
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
                JsonElement listed = r.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("sha256").GetString() == image.Sha256);
                byte[] bytes = File.ReadAllBytes(Path.Combine(_dir.File("opened"), listed.GetProperty("file").GetString()!));
                Assert.Equal(image.Bytes.ToArray(), bytes);
                Assert.Equal(image.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            }
        }

        string disclaimer = File.ReadAllText(_dir.File("opened/DISCLAIMER.txt"));
        Assert.Contains(Case, disclaimer, StringComparison.Ordinal);
        Assert.Contains("verified by Sgt. A. Ruiz", disclaimer, StringComparison.Ordinal);
        Assert.Contains("NCIC/LEADS", disclaimer, StringComparison.Ordinal);

        CliRunner.Result audit = await Cli(["audit", "show", "--action", "evidence_disseminated", "--json", .. Store]);
        JsonElement e = JsonDocument.Parse(audit.StdoutLines.Single()).RootElement;
        Assert.Equal("clerk.lee", e.GetProperty("actor").GetString());
        Assert.Equal(summary.GetProperty("sha256").GetString(), e.GetProperty("details").GetProperty("package_sha256").GetString());
        await using EvidenceStore store = Open();
        StoredDissemination record = store.DisseminationLog.Disseminations(Case).Single();
        Assert.Equal("Springfield PD (IL0840200)", record.Record.RecipientAgency);
        Assert.True(record.Record.RecipientVerified);
        Assert.Contains(store.Outbox.OutboxItems(1000), i => i.Kind == OutboxKind.Dissemination && i.RefId == record.Record.Id);
        Assert.True(store.Reads.FindRead(other.Id)!.Evidence);
    }

    [Fact]
    public async Task A_random_key_is_printed_once_and_a_wrong_secret_fails_cleanly_leaving_nothing()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliRunner.Result exported = await ExportWithRandomKeyAsync(stolen.Id);
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
        Assert.Contains("NOT VERIFIED", File.ReadAllText(_dir.File("opened/DISCLAIMER.txt")), StringComparison.Ordinal);

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
        CliRunner.Result exported = await ExportWithRandomKeyAsync(stolen.Id);
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
    public async Task An_export_lacking_its_grounds_is_refused_writes_nothing_and_the_refusal_is_audited()
    {
        (PlateRead stolen, _) = await StoreReadsAsync();
        CliRunner.Result refused = await Cli([
            "export",
            "--read",
            stolen.Id.ToString(),
            "--case-number",
            Case,
            "--purpose",
            "test",
            "--out",
            _dir.File("case.alprx"),
            .. Store,
        ]);
        Assert.Equal(2, refused.ExitCode);
        foreach (
            string problem in new[]
            {
                "does not state a purpose",
                "who asks must be known",
                "recipient agency is required",
                "--recipient-verified-by NAME, or --recipient-unverified",
            }
        )
        {
            Assert.Contains(problem, refused.Stderr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_dir.File("case.alprx")));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".case.alprx*"));
        CliRunner.Result audit = await Cli(["audit", "show", "--action", "export_refused", "--json", .. Store]);
        Assert.Single(audit.StdoutLines);

        Secret("weak.txt", "short");
        CliRunner.Result weak = await Cli([
            "export",
            "--read",
            stolen.Id.ToString(),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Springfield PD",
            "--requested-by",
            "Det. K. Moss",
            "--recipient-unverified",
            "--passphrase-file",
            _dir.File("weak.txt"),
            "--out",
            _dir.File("case.alprx"),
            .. Store,
        ]);
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_passes_on_an_intact_trail_and_fails_against_a_checkpoint_it_does_not_carry()
    {
        await StoreReadsAsync();
        CliRunner.Result intact = await Cli(["audit", "verify", .. Store]);
        Assert.True(intact.ExitCode == 0, intact.Stderr);
        JsonElement report = JsonDocument.Parse(intact.StdoutLines.Single()).RootElement;
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Contains("audit chain intact", intact.Stderr, StringComparison.Ordinal);

        CliRunner.Result broken = await Cli(["audit", "verify", "--checkpoint", $"1:{new string('0', 64)}", .. Store]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("audit chain BROKEN at event 1", broken.Stderr, StringComparison.Ordinal);
        CliRunner.Result badArgument = await Cli(["audit", "verify", "--checkpoint", "one:abc", .. Store]);
        Assert.Equal(2, badArgument.ExitCode);
        Assert.Contains("is not SEQ:SHA256", badArgument.Stderr, StringComparison.Ordinal);

        CliRunner.Result viewed = await Cli(["audit", "show", "--action", "audit_*", "--json", .. Store]);
        Assert.Equal(
            ["audit_verified", "audit_verified"],
            viewed.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString())
        );
    }

    [Fact]
    public async Task A_local_new_wanted_added_on_the_command_line_is_audited_with_who_and_why()
    {
        await StoreReadsAsync();
        var env = new Dictionary<string, string>(_env) { ["EDGEALPR_Store__Directory"] = _dir.File("store") };
        CliRunner.Result added = await CliRunner.RunWithEnvironmentAsync(
            env,
            "hotlist",
            "add",
            "LOC4L1",
            "--reason",
            "armed robbery suspect vehicle",
            "--by",
            "Sgt. A. Ruiz",
            "--record",
            "26-004417",
            "--dir",
            _dir.File("hotlist")
        );
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Contains("audit events recorded", added.Stderr, StringComparison.Ordinal);

        CliRunner.Result audit = await Cli(["audit", "show", "--action", "hotlist_local_added", "--json", .. Store]);
        JsonElement e = JsonDocument.Parse(audit.StdoutLines.Single()).RootElement;
        Assert.Equal("LOC4L1", e.GetProperty("subject").GetString());
        Assert.Equal("Sgt. A. Ruiz", e.GetProperty("actor").GetString());
        Assert.Equal("armed robbery suspect vehicle", e.GetProperty("details").GetProperty("reason").GetString());
        Assert.Equal("26-004417", e.GetProperty("details").GetProperty("record_number").GetString());

        // Adding it again records nothing new: the trail already has it.
        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(env, "hotlist", "stats", "--dir", _dir.File("hotlist"));
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        CliRunner.Result again = await Cli(["audit", "show", "--action", "hotlist_local_added", "--json", .. Store]);
        Assert.Single(again.StdoutLines);
    }

    private Task<CliRunner.Result> Cli(string[] args) => CliRunner.RunWithEnvironmentAsync(_env, args);

    /// <summary>Exports one read to an unverified sheriff's office into <c>case.alprx</c> under a random key (printed on stdout).</summary>
    private Task<CliRunner.Result> ExportWithRandomKeyAsync(Guid read) =>
        Cli([
            "export",
            "--read",
            read.ToString(),
            "--case-number",
            Case,
            "--purpose",
            Purpose,
            "--recipient-agency",
            "Cook County Sheriff (IL0160000)",
            "--requested-by",
            "Det. R. Patel",
            "--recipient-unverified",
            "--out",
            _dir.File("case.alprx"),
            .. Store,
        ]);

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
        byte[] photo = await File.ReadAllBytesAsync(TestPaths.KnownImage);
        await using EvidenceStore store = Open();
        UnitPeople.Seed(store);
        PlateRead stolen = Read("STL3N1", photo[..(photo.Length / 3)], photo);
        PlateRead other = Read("QRT772", photo[..(photo.Length / 4)], photo[..(photo.Length / 2)]);
        var hit = new HotListHit(
            new HotListEntry
            {
                Plate = "STL3N1",
                State = "IL",
                Category = HotListCategory.StolenVehicle,
                Source = "NCIC",
                RecordNumber = "V123456789",
            },
            MatchKind.Exact,
            0.98f,
            "STL3N1",
            0,
            90,
            true
        );
        await store.Reads.StoreAsync(new ReadSubmission(stolen, [hit]));
        await store.Reads.StoreAsync(new ReadSubmission(other, []));
        return (stolen, other);
    }

    private static PlateRead Read(string plate, byte[] crop, byte[] scene)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new PlateRead(
            PlateRead.NewId(),
            "unit-7",
            "cam1",
            now,
            now,
            now,
            plate,
            0.97f,
            [new PlateCandidate(plate, 0.97f)],
            null,
            new BoundingBox(1, 2, 30, 12),
            3,
            new GeoPoint(41.88, -87.63, "gps"),
            new EvidenceImage(crop, "image/jpeg"),
            new EvidenceImage(scene, "image/jpeg")
        );
    }
}
