using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Storage;
using Xunit.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Damage done to the files of a store the benchmark filled, as a failing card or a careless copy
/// does it, and what an administrator sees through the CLI: <c>store verify</c> names the damage,
/// the other commands refuse with advice, <c>store repair</c> salvages and keeps the damaged files.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StoreDamageCliTests(ITestOutputHelper output) : IDisposable
{
    private const int Reads = 20;
    private const int HeaderBytes = 4096;
    private const int PhysicalPage = 8224;

    private readonly string _work = Directory.CreateTempSubdirectory("edge-alpr-store-damage-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Dir => Path.Combine(_work, "store");

    private string LogFile => Path.Combine(Dir, "store-log.db");

    private Dictionary<string, string> Env { get; } = [];

    [Fact]
    public async Task A_zeroed_block_of_the_log_is_named_by_verify_refused_by_stats_and_repaired_with_the_damaged_files_kept()
    {
        await BenchAsync();
        CopyFolder(Dir, Path.Combine(_work, "pristine"));

        // dd if=/dev/zero of=store-log.db bs=8192 seek=30 count=1 conv=notrunc
        const int block = 30;
        long length = new FileInfo(LogFile).Length;
        Assert.True(length >= (block + 1) * 8192L, $"the log is only {length} bytes: block {block} would not be inside it");
        await using (FileStream log = File.Open(LogFile, FileMode.Open, FileAccess.ReadWrite))
        {
            log.Position = block * 8192L;
            await log.WriteAsync(new byte[8192]);
        }

        Assert.Equal(length, new FileInfo(LogFile).Length);
        Dictionary<string, string> damagedFiles = Hashes(Dir);

        // The block straddles two sealed pages: verify names both, and only them.
        CliRunner.Result verify = await StoreAsync("verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.DoesNotContain("Unhandled exception", verify.Stderr, StringComparison.Ordinal);
        string[] damaged = Lines(verify.Stderr, "edge-alpr: DAMAGED ");
        long first = ((block * 8192L) - HeaderBytes) / PhysicalPage;
        long last = (((block + 1) * 8192L) - 1 - HeaderBytes) / PhysicalPage;
        Assert.Equal(
            [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(p => $"store-log.db page {p}")],
            damaged.Select(l => l["edge-alpr: DAMAGED ".Length..].Split(':')[0]).ToArray()
        );
        JsonElement check = Json(verify);
        Assert.False(check.GetProperty("ok").GetBoolean());
        Assert.Equal(damaged.Length, check.GetProperty("problems").GetArrayLength());

        // Every other command refuses, tells what to do, and changes nothing.
        CliRunner.Result stats = await StoreAsync("stats", "--json");
        Assert.Equal(2, stats.ExitCode);
        Assert.Contains("'edge-alpr store repair'", stats.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stats.Stderr, StringComparison.Ordinal);
        Assert.Empty(stats.StdoutLines);
        Assert.Equal(damagedFiles, Hashes(Dir));

        CliRunner.Result repair = await StoreAsync("repair", "--json");
        Assert.True(repair.ExitCode == 0, repair.Stderr);
        JsonElement report = Json(repair);
        int salvaged = report.GetProperty("salvaged_reads").GetInt32();
        Assert.Equal(damaged.Length, report.GetProperty("lost_pages").GetInt32());
        Assert.StartsWith("store-log.db page ", report.GetProperty("cause").GetString(), StringComparison.Ordinal);

        // The damaged files are kept, byte for byte, in the quarantine folder the report names.
        string quarantined = report.GetProperty("quarantined").GetString()!;
        Assert.Equal(Path.Combine(Dir, "quarantine"), Path.GetDirectoryName(quarantined));
        Assert.EndsWith("-repair", quarantined, StringComparison.Ordinal);
        Assert.Equal(damagedFiles, Hashes(quarantined));
        Assert.False(Directory.Exists(Path.Combine(Dir, "repairing")));
        Assert.False(File.Exists(Path.Combine(Dir, "repair.pending")));

        // What the repaired store holds is what the repair salvaged; the rest of the twenty is lost.
        CliRunner.Result after = await StoreAsync("stats", "--json");
        Assert.True(after.ExitCode == 0, after.Stderr);
        int kept = Json(after).GetProperty("reads").GetInt32();
        int lost = Reads - kept;
        Assert.Equal(salvaged, kept);
        Assert.InRange(lost, 0, Reads);
        Assert.Equal(Reads, salvaged + lost);

        CliRunner.Result clean = await StoreAsync("verify");
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.True(Json(clean).GetProperty("ok").GetBoolean());

        // The repair is in the audit trail, with what it salvaged.
        CliRunner.Result audited = await CliRunner.RunWithEnvironmentAsync(
            Env,
            "audit",
            "show",
            "--as",
            UnitPeople.Auditor,
            "--dir",
            Dir,
            "--action",
            "store_repaired",
            "--json"
        );
        Assert.True(audited.ExitCode == 0, audited.Stderr);
        JsonElement repaired = JsonDocument.Parse(Assert.Single(audited.StdoutLines)).RootElement.GetProperty("details");
        Assert.Equal(salvaged, repaired.GetProperty("salvaged_reads").GetInt32());
        Assert.Equal(quarantined, repaired.GetProperty("quarantined").GetString());

        // The chain holds exactly when no audit event was lost with the pages; a gap is reported, not hidden.
        CliRunner.Result before = await CliRunner.RunWithEnvironmentAsync(
            Env,
            "audit",
            "verify",
            "--as",
            UnitPeople.Auditor,
            "--dir",
            Path.Combine(_work, "pristine"),
            "--json"
        );
        Assert.True(before.ExitCode == 0, before.Stderr);
        int eventsBefore = Json(before).GetProperty("events").GetInt32() - 2; // less the store_opened and the auditor's sign_in of that check
        int auditLost = eventsBefore - report.GetProperty("salvaged_audit_events").GetInt32();
        CliRunner.Result chain = await CliRunner.RunWithEnvironmentAsync(Env, "audit", "verify", "--as", UnitPeople.Auditor, "--dir", Dir, "--json");
        output.WriteLine(
            $"log {length} bytes; damaged: {string.Join("; ", damaged)}; salvaged {salvaged} reads, lost {lost}; "
                + $"audit events lost {auditLost}; audit verify exit {chain.ExitCode}: {chain.Stderr.Trim()} {chain.StdoutLines.LastOrDefault()}"
        );
        Assert.InRange(auditLost, 0, eventsBefore);
        Assert.Equal(auditLost == 0, Json(chain).GetProperty("ok").GetBoolean());
        Assert.Equal(auditLost == 0 ? 0 : 1, chain.ExitCode);
        if (auditLost > 0)
        {
            Assert.Contains("audit chain BROKEN at event", chain.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_log_truncated_to_16_KiB_is_older_than_its_manifest_and_never_an_empty_healthy_store()
    {
        await BenchAsync();
        await using (FileStream log = File.Open(LogFile, FileMode.Open, FileAccess.ReadWrite))
        {
            log.SetLength(16384);
        }

        Dictionary<string, string> files = Hashes(Dir);
        CliRunner.Result stats = await StoreAsync("stats", "--json");
        Assert.Equal(2, stats.ExitCode);
        Assert.Contains("older than its manifest", stats.Stderr, StringComparison.Ordinal);
        Assert.Contains("'edge-alpr store repair'", stats.Stderr, StringComparison.Ordinal);
        Assert.Empty(stats.StdoutLines);

        CliRunner.Result verify = await StoreAsync("verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.DoesNotContain("Unhandled exception", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains(Lines(verify.Stderr, "edge-alpr: DAMAGED "), l => l.Contains("older than its manifest", StringComparison.Ordinal));
        JsonElement check = Json(verify);
        Assert.False(check.GetProperty("ok").GetBoolean());
        Assert.NotEqual(0, check.GetProperty("problems").GetArrayLength());

        // Neither refusal touched the files: nothing was re-made in place of the lost log.
        Assert.Equal(files, Hashes(Dir));
        Assert.False(Directory.Exists(Path.Combine(Dir, "quarantine")));
    }

    [Fact]
    public async Task A_flipped_byte_in_an_image_file_is_one_corrupt_image()
    {
        await BenchAsync();
        string victim = Directory.GetFiles(Path.Combine(Dir, "images"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (FileStream image = File.Open(victim, FileMode.Open, FileAccess.ReadWrite))
        {
            image.Position = image.Length / 2;
            int b = image.ReadByte();
            image.Position--;
            image.WriteByte((byte)(b ^ 0x01));
        }

        CliRunner.Result verify = await StoreAsync("verify");
        Assert.Equal(1, verify.ExitCode);
        string line = Assert.Single(Lines(verify.Stderr, "edge-alpr: "));
        Assert.StartsWith("edge-alpr: CORRUPT image ", line, StringComparison.Ordinal);
        JsonElement report = Json(verify);
        string sha = Assert.Single(report.GetProperty("corrupt_images").EnumerateArray()).GetString()!;
        Assert.Contains(sha, line, StringComparison.Ordinal);
        Assert.Equal(0, report.GetProperty("missing_images").GetArrayLength());
        Assert.Equal(Reads, report.GetProperty("reads").GetInt32());
    }

    private async Task BenchAsync()
    {
        string key = Path.Combine(_work, "store.key");
        StoreKey.Create(key);
        Env["EDGEALPR_Store__KeyFile"] = key;
        Env["EDGEALPR_Store__MinFreeMegabytes"] = "0";
        CliRunner.Result bench = await CliRunner.RunWithEnvironmentAsync(Env, "bench", "store", "--reads", $"{Reads}", "--dir", Dir, "--json");
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        Assert.Equal(Reads, Json(bench).GetProperty("reads").GetInt32());
        // An auditor to read the trail with (audit show|verify sign one in).
        await UnitPeople.SeedAsync(Dir, key);
        Env["EDGEALPR_PASSWORD"] = UnitPeople.Password;
    }

    private Task<CliRunner.Result> StoreAsync(string command, params string[] more) =>
        CliRunner.RunWithEnvironmentAsync(Env, ["store", command, "--dir", Dir, .. more]);

    private static JsonElement Json(CliRunner.Result result) => JsonDocument.Parse(result.StdoutLines[^1]).RootElement;

    private static string[] Lines(string text, string prefix) =>
        [
            .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith(prefix, StringComparison.Ordinal)),
        ];

    /// <summary>SHA-256 of the database files and manifest in a folder, by name.</summary>
    private static Dictionary<string, string> Hashes(string folder) =>
        new[] { "store.db", "store-log.db", "store.manifest" }.ToDictionary(
            f => f,
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))
        );

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
