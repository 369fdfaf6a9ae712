using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Storage;
using Xunit.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// A repair cut short by SIGKILL (a power cut while the unit repairs its store), five times over at
/// random moments: the next run finishes it, the store ends up holding what an uninterrupted repair
/// salvages, and the damaged files are kept in quarantine, not lost on the way.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RepairCrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] DatabaseFiles = ["store.db", "store-log.db", "store.manifest"];

    private readonly string _work = Directory.CreateTempSubdirectory("edge-alpr-repair-crash-").FullName;
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_repair_killed_five_times_is_finished_by_the_next_run_and_salvages_what_an_uninterrupted_one_does()
    {
        string dir = Path.Combine(_work, "store");
        string key = Path.Combine(_work, "store.key");
        StoreKey.Create(key);
        _env["EDGEALPR_Store__KeyFile"] = key;
        _env["EDGEALPR_Store__MinFreeMegabytes"] = "0";
        CliRunner.Result bench = await CliRunner.RunWithEnvironmentAsync(_env, "bench", "store", "--reads", "1000", "--dir", dir, "--json");
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        // An auditor to read the trail with at the end (audit show signs one in).
        await UnitPeople.SeedAsync(dir, key);
        _env["EDGEALPR_PASSWORD"] = UnitPeople.Password;

        // One flipped byte in the page in the middle of the log (where the benchmark's records are).
        string log = Path.Combine(dir, "store-log.db");
        long pages = (new FileInfo(log).Length - 4096) / 8224;
        Assert.True(pages > 100, $"the log has only {pages} pages");
        long offset = 4096 + (pages / 2 * 8224) + 500;
        await using (FileStream file = File.Open(log, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = offset;
            int b = file.ReadByte();
            file.Position = offset;
            file.WriteByte((byte)(b ^ 0x20));
        }

        Dictionary<string, string> damaged = Hashes(dir);
        int images = ImageFiles(dir);

        // The reference: the same damaged store repaired without interruption, timed.
        string reference = Path.Combine(_work, "reference");
        CopyFolder(dir, reference);
        var timer = Stopwatch.StartNew();
        CliRunner.Result uninterrupted = await CliRunner.RunWithEnvironmentAsync(_env, "store", "repair", "--dir", reference, "--json");
        TimeSpan duration = timer.Elapsed;
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);
        // How far a repair has got is the size of the fresh store it builds, which this one ended with. A kill comes at a
        // point of that progress or at the same fraction of this repair's time, whichever is first: time alone missed
        // repairs a loaded machine finished early, and progress alone missed ones whose files grew only at the end.
        long built = DatabaseFiles[..2].Sum(f => new FileInfo(Path.Combine(reference, f)).Length);
        JsonElement expected = JsonDocument.Parse(uninterrupted.StdoutLines[^1]).RootElement;
        int salvaged = expected.GetProperty("salvaged_reads").GetInt32();
        Assert.Equal(1, expected.GetProperty("lost_pages").GetInt32());
        Assert.InRange(salvaged, 1, 1000);

        var random = new Random(11);
        int killed = 0;
        int leftPending = 0;
        for (int round = 0; round < 5; round++)
        {
            double progress = 0.05 + (0.85 * random.NextDouble());
            bool wasKilled = await RunAndKillAsync(dir, (long)(built * progress), duration * progress);
            killed += wasKilled ? 1 : 0;
            bool pending = File.Exists(Path.Combine(dir, "repair.pending"));
            leftPending += pending ? 1 : 0;
            output.WriteLine(
                $"round {round}: {(wasKilled ? "killed" : "finished")} at {progress:P0} of the {built} bytes or {duration.TotalMilliseconds:F0} ms the repair takes; "
                    + $"repair.pending {(pending ? "left" : "absent")}, repairing/ {(Directory.Exists(Path.Combine(dir, "repairing")) ? "left" : "absent")}, "
                    + $"in place: {string.Join(',', DatabaseFiles.Where(f => File.Exists(Path.Combine(dir, f))))}"
            );
        }

        Assert.True(killed >= 3, $"only {killed} of 5 repairs were still running when killed");
        Assert.True(leftPending >= 1, "no kill landed inside a repair: none left repair.pending behind");

        // The next opening finishes a repair that was cut short, and audits it.
        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(_env, "store", "stats", "--dir", dir, "--json");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Equal(salvaged, JsonDocument.Parse(stats.StdoutLines[^1]).RootElement.GetProperty("reads").GetInt32());
        Assert.False(File.Exists(Path.Combine(dir, "repair.pending")));
        Assert.False(Directory.Exists(Path.Combine(dir, "repairing")));
        Assert.False(File.Exists(Path.Combine(dir, "repair-report.json")), "the repair was not audited");

        CliRunner.Result verify = await CliRunner.RunWithEnvironmentAsync(_env, "store", "verify", "--dir", dir, "--json");
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        JsonElement clean = JsonDocument.Parse(verify.StdoutLines[^1]).RootElement;
        Assert.Equal(salvaged, clean.GetProperty("reads").GetInt32());

        // One repair, audited once, whose quarantine holds the damaged files byte for byte; no image was lost.
        CliRunner.Result audit = await CliRunner.RunWithEnvironmentAsync(
            _env,
            "audit",
            "show",
            "--as",
            UnitPeople.Auditor,
            "--dir",
            dir,
            "--action",
            "store_repaired",
            "--json"
        );
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        JsonElement repaired = JsonDocument.Parse(Assert.Single(audit.StdoutLines)).RootElement.GetProperty("details");
        Assert.Equal(salvaged, repaired.GetProperty("salvaged_reads").GetInt32());
        string quarantined = repaired.GetProperty("quarantined").GetString()!;
        Assert.Equal(damaged, Hashes(quarantined));
        string[] others = [.. Directory.GetDirectories(Path.Combine(dir, "quarantine")).Where(q => q != quarantined)];
        output.WriteLine($"quarantine: {quarantined}; other folders: {string.Join(", ", others)}");
        Assert.All(others, q => Assert.Empty(Directory.GetFileSystemEntries(q)));
        Assert.Equal(images, ImageFiles(dir));
    }

    /// <summary>
    /// Starts <c>store repair</c> and SIGKILLs it after <paramref name="after"/>, or sooner once its repair is under way
    /// (<c>repair.pending</c> written) and the fresh store it builds in <c>repairing/</c> has reached
    /// <paramref name="builtBytes"/>; false when it finished first.
    /// </summary>
    private async Task<bool> RunAndKillAsync(string dir, long builtBytes, TimeSpan after)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.Root,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll"), "store", "repair", "--dir", dir, "--json" })
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string name, string value) in _env)
        {
            start.Environment[name] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        using Process child = Process.Start(start)!;
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        var limit = Stopwatch.StartNew();
        while (!child.HasExited)
        {
            if (limit.Elapsed >= after || File.Exists(Path.Combine(dir, "repair.pending")) && Built(Path.Combine(dir, "repairing")) >= builtBytes)
            {
                // Process.Kill is SIGKILL on Linux: nothing is flushed, disposed or cleaned up.
                child.Kill();
                await child.WaitForExitAsync();
                await Task.WhenAll(stdout, stderr);
                return true;
            }

            Assert.True(limit.Elapsed < TimeSpan.FromMinutes(2), "the repair neither finished nor got that far in 2 minutes");
            await Task.Delay(2);
        }

        Assert.True(child.ExitCode == 0, await stderr);
        return false;
    }

    private static long Built(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
        }
        catch (IOException)
        {
            // A file went away between listing and measuring: the repair moved on; look again.
            return 0;
        }
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        DatabaseFiles.ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f)))));

    private static int ImageFiles(string dir) => Directory.GetFiles(Path.Combine(dir, "images"), "*", SearchOption.AllDirectories).Length;

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
