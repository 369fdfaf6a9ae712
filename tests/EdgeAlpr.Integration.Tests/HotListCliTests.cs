using System.Security.Cryptography;
using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The hot-list commands as an administrator and an officer use them.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class HotListCliTests
{
    private const string Agency = "il-chicago-pd";

    [Fact]
    public async Task Sign_import_check_stats_and_add_work_end_to_end()
    {
        using var dir = new TempDir();
        string[] unit = PlatformKeys(dir);
        SignedInUnit people = await SignedInUnit.CreateAsync(dir);
        File.WriteAllText(
            dir.File("list.csv"),
            "plate,state,category,source,record_number,vehicle\nABC1234,IL,stolen,NCIC,V123456789,2016 HOND 4D BLK\nXYZ789,WI,expired,SOS,,\n"
        );

        CliRunner.Result sign = await CliRunner.RunAsync(
            "hotlist",
            "sign",
            dir.File("list.csv"),
            "--key",
            dir.File("platform.key.pem"),
            "--audience",
            Agency,
            "--version",
            "3",
            "-o",
            dir.File("v3.hotlist")
        );
        Assert.True(sign.ExitCode == 0, sign.Stderr);

        CliRunner.Result import = await people.RunAsync(["hotlist", "import", dir.File("v3.hotlist"), "--json", .. unit]);
        Assert.True(import.ExitCode == 0, import.Stderr);
        JsonElement summary = JsonDocument.Parse(import.StdoutLines[^1]).RootElement;
        Assert.Equal(
            ("full", 3, 2),
            (summary.GetProperty("kind").GetString(), summary.GetProperty("version").GetInt32(), summary.GetProperty("entries").GetInt32())
        );

        CliRunner.Result check = await CliRunner.RunAsync(["hotlist", "check", "A8C-1234", "--state", "il", "--json", .. unit]);
        Assert.True(check.ExitCode == 0, check.Stderr);
        JsonElement hit = JsonDocument.Parse(Assert.Single(check.StdoutLines)).RootElement;
        Assert.Equal("ABC1234", hit.GetProperty("plate").GetString());
        Assert.Equal("ocr_equivalent", hit.GetProperty("match_kind").GetString());
        Assert.Equal("stolen_vehicle", hit.GetProperty("category").GetString());
        Assert.True(hit.GetProperty("alert").GetBoolean());
        Assert.Contains("LEADS/NCIC", hit.GetProperty("verify").GetString(), StringComparison.Ordinal);

        // A past read, as 'edge-alpr process' writes it, for the new entry to be matched against.
        string seen = DateTimeOffset.UtcNow.AddMinutes(-40).ToString("O");
        File.WriteAllText(
            dir.File("reads.jsonl"),
            $$"""{"id":"0193a4c2-0000-7000-8000-000000000001","device_id":"unit-7","camera_id":"camera-2","captured_at":"{{seen}}","first_seen":"{{seen}}","last_seen":"{{seen}}","plate":"NEW4321","confidence":0.9,"candidates":[{"text":"NEW4321","probability":0.9}]}"""
                + "\nnot json\n"
        );
        CliRunner.Result add = await people.RunAsync([
            "hotlist",
            "add",
            "NEW4321",
            "--category",
            "amber",
            "--reason",
            "AMBER alert 26-1123",
            "--expires",
            "2099-12-31",
            "--on-behalf-of",
            "Lt. K. Jones",
            "--reads",
            dir.File("reads.jsonl"),
            "--json",
            .. unit,
        ]);
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("reads.jsonl:2: skipped", add.Stderr, StringComparison.Ordinal);
        JsonElement retro = JsonDocument.Parse(add.StdoutLines[0]).RootElement;
        Assert.Equal("camera-2", retro.GetProperty("retroactive").GetProperty("camera_id").GetString());
        // Entered by the supervisor who signed in; whom they acted for is in the audit trail beside them.
        Assert.Equal(UnitPeople.Supervisor, retro.GetProperty("entered_by").GetString());
        Assert.InRange(retro.GetProperty("retroactive").GetProperty("minutes_ago").GetDouble(), 39, 45);

        CliRunner.Result stats = await CliRunner.RunAsync(["hotlist", "stats", "--json", .. unit]);
        JsonElement status = JsonDocument.Parse(Assert.Single(stats.StdoutLines)).RootElement;
        Assert.Equal(
            (3, 1, false),
            (status.GetProperty("entries").GetInt32(), status.GetProperty("local_entries").GetInt32(), status.GetProperty("stale").GetBoolean())
        );
        Assert.Equal(1, status.GetProperty("by_category").GetProperty("amber_alert").GetInt32());
    }

    [Fact]
    public async Task Refusals_name_the_problem_and_keep_the_list()
    {
        using var dir = new TempDir();
        string[] unit = PlatformKeys(dir);
        SignedInUnit people = await SignedInUnit.CreateAsync(dir);
        File.WriteAllText(dir.File("list.csv"), "plate,category\nABC1234,stolen\n");
        await CliRunner.RunAsync(
            "hotlist",
            "sign",
            dir.File("list.csv"),
            "--key",
            dir.File("platform.key.pem"),
            "--audience",
            Agency,
            "--version",
            "2",
            "-o",
            dir.File("v2.hotlist")
        );
        Assert.Equal(0, (await people.RunAsync(["hotlist", "import", dir.File("v2.hotlist"), .. unit])).ExitCode);

        CliRunner.Result again = await people.RunAsync(["hotlist", "import", dir.File("v2.hotlist"), .. unit]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("refused: version 2 is not newer than version 2 in use", again.Stderr, StringComparison.Ordinal);

        // A list signed for another agency, imported by hand, is refused like one from the broker.
        await CliRunner.RunAsync(
            "hotlist",
            "sign",
            dir.File("list.csv"),
            "--key",
            dir.File("platform.key.pem"),
            "--audience",
            "in-gary-pd",
            "--version",
            "9",
            "-o",
            dir.File("gary.hotlist")
        );
        CliRunner.Result foreign = await people.RunAsync(["hotlist", "import", dir.File("gary.hotlist"), .. unit]);
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains(
            "refused: the update is signed for agency 'in-gary-pd', but this unit belongs to 'il-chicago-pd'",
            foreign.Stderr,
            StringComparison.Ordinal
        );
        CliRunner.Result noAgency = await people.RunAsync(["hotlist", "import", dir.File("gary.hotlist"), .. unit[..^2]]);
        Assert.Equal(1, noAgency.ExitCode);
        Assert.Contains("this unit has no agency configured (HotList:Agency, or Uplink:Agency)", noAgency.Stderr, StringComparison.Ordinal);
        CliRunner.Result fromUplink = await people.RunAsAsync(
            UnitPeople.Supervisor,
            new Dictionary<string, string> { ["EDGEALPR_Uplink__Agency"] = "in-gary-pd" },
            ["hotlist", "import", dir.File("gary.hotlist"), "--dir", dir.File("gary-unit"), "--public-key", dir.File("platform.pub.pem")]
        );
        Assert.True(fromUplink.ExitCode == 0, fromUplink.Stderr);

        File.WriteAllText(dir.File("junk.txt"), "plate,category\n!!,stolen\n??,stolen\nOK123,stolen\n");
        CliRunner.Result junk = await people.RunAsync(["hotlist", "import", dir.File("junk.txt"), .. unit]);
        Assert.Equal(1, junk.ExitCode);
        Assert.Contains("refused as a whole: 2 of 3 rows are invalid", junk.Stderr, StringComparison.Ordinal);

        CliRunner.Result check = await CliRunner.RunAsync(["hotlist", "check", "ABC1234", "--json", .. unit]);
        Assert.Single(check.StdoutLines);

        CliRunner.Result usage = await people.RunAsync(["hotlist", "add", "NEW123", "--reason", "x", "--category", "parking", .. unit]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("unknown category 'parking'", usage.Stderr, StringComparison.Ordinal);

        CliRunner.Result config = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_HotList__Categories__stolen_vehicle__Alert"] = "false" },
            ["hotlist", "stats", .. unit]
        );
        Assert.Equal(2, config.ExitCode);
        Assert.Contains("alerts for stolen_vehicle cannot be turned off", config.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_removes_a_local_entry_that_an_officer_may_list_but_not_change()
    {
        using var dir = new TempDir();
        string[] unit = PlatformKeys(dir);
        SignedInUnit people = await SignedInUnit.CreateAsync(dir);
        CliRunner.Result added = await people.RunAsync(["hotlist", "add", "LOC4321", "--state", "IL", "--reason", "armed robbery suspect", .. unit]);
        Assert.True(added.ExitCode == 0, added.Stderr);

        CliRunner.Result listed = await people.RunAsAsync(UnitPeople.Officer, ["hotlist", "local", "--json", .. unit]);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        JsonElement entry = JsonDocument.Parse(Assert.Single(listed.StdoutLines)).RootElement;
        Assert.Equal(
            ("LOC4321", "IL", UnitPeople.Supervisor, "armed robbery suspect"),
            (
                entry.GetProperty("plate").GetString(),
                entry.GetProperty("state").GetString(),
                entry.GetProperty("entered_by").GetString(),
                entry.GetProperty("reason").GetString()
            )
        );
        CliRunner.Result officer = await people.RunAsAsync(UnitPeople.Officer, ["hotlist", "remove", "LOC4321", "--reason", "found", .. unit]);
        Assert.Equal(2, officer.ExitCode);
        Assert.Contains("lacks the ManageLocalEntries permission", officer.Stderr, StringComparison.Ordinal);
        CliRunner.Result noReason = await people.RunAsync(["hotlist", "remove", "LOC4321", .. unit]);
        Assert.Equal(2, noReason.ExitCode);
        Assert.Contains("--reason", noReason.Stderr, StringComparison.Ordinal);

        CliRunner.Result removed = await people.RunAsync(["hotlist", "remove", "loc-4321", "--reason", "vehicle recovered", "--json", .. unit]);
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Equal(1, JsonDocument.Parse(removed.StdoutLines[^1]).RootElement.GetProperty("removed").GetInt32());
        CliRunner.Result stats = await CliRunner.RunAsync(["hotlist", "stats", "--json", .. unit]);
        Assert.Equal(0, JsonDocument.Parse(Assert.Single(stats.StdoutLines)).RootElement.GetProperty("local_entries").GetInt32());
        CliRunner.Result again = await people.RunAsync(["hotlist", "remove", "LOC4321", "--reason", "vehicle recovered", .. unit]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("refused: there is no local entry for LOC4321", again.Stderr, StringComparison.Ordinal);

        CliRunner.Result trail = await CliRunner.RunWithEnvironmentAsync(
            people.Env,
            ["audit", "show", "--as", UnitPeople.Auditor, "--action", "hotlist_local_removed", "--json", "--dir", dir.File("store")]
        );
        JsonElement e = JsonDocument.Parse(Assert.Single(trail.StdoutLines)).RootElement;
        Assert.Equal(
            (UnitPeople.Supervisor, "vehicle recovered"),
            (e.GetProperty("actor").GetString(), e.GetProperty("details").GetProperty("removal_reason").GetString())
        );
    }

    [Fact]
    public async Task Process_matches_every_read_against_the_kept_list()
    {
        using var dir = new TempDir();
        string frames = dir.KnownPhotoFrames(4);

        // The photo's plate is YG9X2G; the witness saw all but one character.
        SignedInUnit people = await SignedInUnit.CreateAsync(dir);
        CliRunner.Result add = await people.RunAsync(
            "hotlist",
            "add",
            "YG9*2G",
            "--category",
            "felony",
            "--reason",
            "armed robbery getaway car",
            "--dir",
            dir.File("state")
        );
        Assert.True(add.ExitCode == 0, add.Stderr);

        CliRunner.Result r = await CliRunner.RunAsync(
            "process",
            "--source",
            frames,
            "--out",
            dir.File("reads.jsonl"),
            "--fps",
            "10",
            "--motion-gate",
            "false",
            "--hotlist",
            dir.File("state"),
            "--state",
            "IL"
        );

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("POTENTIAL HIT YG9*2G (felony_vehicle, wildcard", r.Stderr, StringComparison.Ordinal);
        JsonElement read = JsonDocument.Parse(Assert.Single(File.ReadAllLines(dir.File("reads.jsonl")))).RootElement;
        JsonElement hit = Assert.Single(read.GetProperty("hits").EnumerateArray());
        Assert.Equal(
            ("wildcard", "YG9X2G", "armed robbery getaway car"),
            (hit.GetProperty("match_kind").GetString(), hit.GetProperty("matched_text").GetString(), hit.GetProperty("reason").GetString())
        );
        Assert.Equal(1, JsonDocument.Parse(r.StdoutLines[^1]).RootElement.GetProperty("hits").GetInt32());
    }

    [Fact]
    public async Task Process_keeps_a_doubtful_read_only_for_a_sure_hit_on_a_mandatory_category()
    {
        using var dir = new TempDir();
        string frames = dir.KnownPhotoFrames(4);
        SignedInUnit people = await SignedInUnit.CreateAsync(dir);
        // No pass is sure enough or confirmed by enough frames: every one is doubtful (unconfirmed).
        string[] doubtAll =
        [
            "process",
            "--source",
            frames,
            "--out",
            dir.File("reads.jsonl"),
            "--motion-gate",
            "false",
            "--min-confidence",
            "1",
            "--min-agreeing-frames",
            "1000",
            "--hotlist",
            dir.File("state"),
            "--state",
            "IL",
        ];

        // A wildcard match on a felony entry does not keep it: suppressed, counted, nothing written.
        Assert.Equal(
            0,
            (await people.RunAsync("hotlist", "add", "YG9*2G", "--category", "felony", "--reason", "partial", "--dir", dir.File("state"))).ExitCode
        );
        CliRunner.Result fuzzy = await CliRunner.RunAsync(doubtAll);
        Assert.True(fuzzy.ExitCode == 0, fuzzy.Stderr);
        Assert.Empty(File.ReadAllLines(dir.File("reads.jsonl")));
        JsonElement summary = JsonDocument.Parse(fuzzy.StdoutLines[^1]).RootElement;
        Assert.Equal(
            (0, 1, 0),
            (
                summary.GetProperty("reads").GetInt32(),
                summary.GetProperty("reads_suppressed").GetProperty("unconfirmed").GetInt32(),
                summary.GetProperty("hits").GetInt32()
            )
        );
        Assert.Equal(1, summary.GetProperty("cameras")[0].GetProperty("doubtful").GetInt32());

        // The exact plate listed as stolen keeps it, with that hit only: recall first.
        Assert.Equal(
            0,
            (
                await people.RunAsync(
                    "hotlist",
                    "add",
                    "YG9X2G",
                    "--state",
                    "IL",
                    "--category",
                    "stolen",
                    "--reason",
                    "stolen",
                    "--dir",
                    dir.File("state")
                )
            ).ExitCode
        );
        CliRunner.Result exact = await CliRunner.RunAsync(doubtAll);
        Assert.True(exact.ExitCode == 0, exact.Stderr);
        JsonElement read = JsonDocument.Parse(Assert.Single(File.ReadAllLines(dir.File("reads.jsonl")))).RootElement;
        JsonElement hit = Assert.Single(read.GetProperty("hits").EnumerateArray());
        Assert.Equal(("YG9X2G", "exact"), (read.GetProperty("plate").GetString(), hit.GetProperty("match_kind").GetString()));
        summary = JsonDocument.Parse(exact.StdoutLines[^1]).RootElement;
        Assert.Equal(
            (1, 0, 1),
            (
                summary.GetProperty("reads").GetInt32(),
                summary.GetProperty("reads_suppressed").GetProperty("total").GetInt32(),
                summary.GetProperty("doubtful_reads_kept").GetInt32()
            )
        );
    }

    [Fact]
    public async Task The_benchmark_prints_its_figures_as_the_last_json_line()
    {
        CliRunner.Result r = await CliRunner.RunAsync("bench", "hotlist", "--entries", "20000", "--wildcards", "200", "--queries", "2000", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonElement b = JsonDocument.Parse(r.StdoutLines[^1]).RootElement;
        foreach (
            string k in new[]
            {
                "entries",
                "load_ms",
                "managed_bytes",
                "exact_lookup_ns_p50",
                "exact_lookup_ns_p99",
                "fuzzy_lookup_ns_p50",
                "fuzzy_lookup_ns_p99",
                "wildcard_slowdown_p99",
            }
        )
        {
            Assert.True(b.TryGetProperty(k, out JsonElement v) && v.GetDouble() > 0, k);
        }

        Assert.InRange(b.GetProperty("entries").GetInt32(), 19_000, 20_200);
        Assert.Equal(1.0, b.GetProperty("listed_exact_found_rate").GetDouble(), 1);
    }

    /// <summary>Writes a platform key pair into the folder; returns the options of a unit that trusts it.</summary>
    [Fact]
    public async Task Import_says_which_photographs_it_dropped_and_refuses_a_signed_list_that_carries_them()
    {
        using var dir = new TempDir();
        string[] unit = PlatformKeys(dir);
        SignedInUnit people = await SignedInUnit.CreateAsync(dir);
        string photo = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, .. new byte[300]]);
        File.WriteAllText(dir.File("local.csv"), $"plate,category,reason,DL Photo\nABC1234,stolen,{photo},{photo}\nXYZ789,wanted,seen downtown,\n");
        CliRunner.Result import = await people.RunAsync(["hotlist", "import", dir.File("local.csv"), "--json", .. unit]);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("column 'dl_photo' carries photographs of persons and was dropped", import.Stderr, StringComparison.Ordinal);
        JsonElement summary = JsonDocument.Parse(import.StdoutLines[^1]).RootElement;
        Assert.Equal("dl_photo", Assert.Single(summary.GetProperty("photo_columns_dropped").EnumerateArray()).GetString());
        Assert.Equal(
            (1, 1, 2),
            (
                summary.GetProperty("photos_dropped").GetInt32(),
                summary.GetProperty("embedded_images_dropped").GetInt32(),
                summary.GetProperty("accepted").GetInt32()
            )
        );

        await CliRunner.RunAsync(
            "hotlist",
            "sign",
            dir.File("local.csv"),
            "--key",
            dir.File("platform.key.pem"),
            "--audience",
            Agency,
            "--version",
            "2",
            "-o",
            dir.File("v2.hotlist")
        );
        CliRunner.Result signed = await people.RunAsync(["hotlist", "import", dir.File("v2.hotlist"), .. unit]);
        Assert.Equal(1, signed.ExitCode);
        Assert.Contains("carrying photographs of persons", signed.Stderr, StringComparison.Ordinal);

        File.WriteAllText(dir.File("large.csv"), "plate,category\n" + string.Concat(Enumerable.Range(0, 7000).Select(i => $"AB{i:D5},stolen\n")));
        CliRunner.Result large = await people.RunAsAsync(
            UnitPeople.Supervisor,
            new Dictionary<string, string> { ["EDGEALPR_HotList__MaxUpdateBytes"] = "65536" },
            ["hotlist", "import", dir.File("large.csv"), .. unit]
        );
        Assert.Equal(1, large.ExitCode);
        Assert.Contains("more than HotList:MaxUpdateBytes (65536); refused unread", large.Stderr, StringComparison.Ordinal);
    }

    private static string[] PlatformKeys(TempDir dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(dir.File("platform.key.pem"), key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(dir.File("platform.key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(dir.File("platform.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        return ["--dir", dir.File("state"), "--public-key", dir.File("platform.pub.pem"), "--agency", Agency];
    }
}
