using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The store commands as an administrator runs them, on a store the benchmark fills.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StoreCliTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-alpr-store-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Stats_purge_dry_run_and_verify_report_a_filled_store_and_verify_fails_on_a_corrupt_image()
    {
        string dir = Path.Combine(_work, "store");
        string key = Path.Combine(_work, "store.key");
        Assert.Equal(0, (await CliRunner.RunAsync("store", "new-key", "--out", key)).ExitCode);
        var env = new Dictionary<string, string> { ["EDGEALPR_Store__KeyFile"] = key, ["EDGEALPR_Store__MinFreeMegabytes"] = "0" };

        CliRunner.Result bench = await CliRunner.RunWithEnvironmentAsync(env, "bench", "store", "--reads", "40", "--dir", dir, "--json");
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        Assert.Equal(40, JsonDocument.Parse(bench.StdoutLines[^1]).RootElement.GetProperty("reads").GetInt32());

        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(env, "store", "stats", "--dir", dir, "--json");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        JsonElement s = JsonDocument.Parse(stats.StdoutLines[^1]).RootElement;
        // The benchmark drained the outbox: everything is forwarded.
        Assert.Equal(
            (40, 0, 80),
            (s.GetProperty("reads").GetInt32(), s.GetProperty("reads_not_forwarded").GetInt32(), s.GetProperty("image_files").GetInt32())
        );

        CliRunner.Result purge = await CliRunner.RunWithEnvironmentAsync(env, "store", "purge", "--dir", dir, "--dry-run");
        Assert.True(purge.ExitCode == 0, purge.Stderr);
        JsonElement p = JsonDocument.Parse(purge.StdoutLines[^1]).RootElement;
        Assert.True(p.GetProperty("dry_run").GetBoolean());
        Assert.Equal(0, p.GetProperty("reads").GetInt32());

        Assert.Equal(0, (await CliRunner.RunWithEnvironmentAsync(env, "store", "verify", "--dir", dir)).ExitCode);
        string victim = Directory.GetFiles(Path.Combine(dir, "images"), "*", SearchOption.AllDirectories)[0];
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.AppendAllTextAsync(victim, "x");
        CliRunner.Result verify = await CliRunner.RunWithEnvironmentAsync(env, "store", "verify", "--dir", dir);
        Assert.Equal(1, verify.ExitCode);
        Assert.Single(verify.Stderr.Split('\n'), l => l.Contains("CORRUPT image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_exit_code_2_and_a_clear_message()
    {
        string dir = Path.Combine(_work, "store");
        string right = Path.Combine(_work, "right.key");
        string wrong = Path.Combine(_work, "wrong.key");
        await CliRunner.RunAsync("store", "new-key", "--out", right);
        await CliRunner.RunAsync("store", "new-key", "--out", wrong);
        var env = new Dictionary<string, string> { ["EDGEALPR_Store__KeyFile"] = right, ["EDGEALPR_Store__MinFreeMegabytes"] = "0" };
        Assert.Equal(0, (await CliRunner.RunWithEnvironmentAsync(env, "bench", "store", "--reads", "5", "--dir", dir, "--json")).ExitCode);

        CliRunner.Result refused = await CliRunner.RunAsync("store", "stats", "--dir", dir, "--key-file", wrong);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("wrong key", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain((await File.ReadAllTextAsync(wrong)).Trim(), refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_store_takes_the_store_key_file_as_the_store_commands_do()
    {
        string dir = Path.Combine(_work, "store");
        string right = Path.Combine(_work, "right.key");
        string wrong = Path.Combine(_work, "wrong.key");
        await CliRunner.RunAsync("store", "new-key", "--out", right);
        await CliRunner.RunAsync("store", "new-key", "--out", wrong);
        var env = new Dictionary<string, string> { ["EDGEALPR_Store__MinFreeMegabytes"] = "0" };

        CliRunner.Result bench = await CliRunner.RunWithEnvironmentAsync(
            env,
            "bench",
            "store",
            "--reads",
            "5",
            "--dir",
            dir,
            "--key-file",
            right,
            "--json"
        );
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        Assert.Equal(5, JsonDocument.Parse(bench.StdoutLines[^1]).RootElement.GetProperty("reads").GetInt32());

        // The store was made with that key: it opens with it and with no other.
        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(env, "store", "stats", "--dir", dir, "--key-file", right, "--json");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Equal(5, JsonDocument.Parse(stats.StdoutLines[^1]).RootElement.GetProperty("reads").GetInt32());
        CliRunner.Result refused = await CliRunner.RunWithEnvironmentAsync(env, "store", "stats", "--dir", dir, "--key-file", wrong);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("wrong key", refused.Stderr, StringComparison.Ordinal);
    }
}
