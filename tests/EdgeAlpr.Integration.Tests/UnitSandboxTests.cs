using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeAlpr.Synthesis;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The agent runs under the unit's system-call filter: no systemd is PID 1 here, so
/// <c>tests/tools/unit_seccomp_run.py</c> applies the unit file's <c>SystemCallFilter=</c>,
/// <c>SystemCallErrorNumber=</c> and <c>RestrictRealtime=</c> with libseccomp, from systemd's own tables, and
/// <c>edge-alpr run</c> reads a clip under it, ffmpeg (its child) included.
/// </summary>
/// <remarks>In the engine tests' collection, as the other whole-agent runs: the two cores are the agent's.</remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(EngineCollection.Name)]
public sealed class UnitSandboxTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_agent_reads_a_clip_under_the_unit_s_system_call_filter_and_a_stricter_filter_would_stop_it()
    {
        string clip = _dir.File("clip.mp4");
        new TrafficClipRenderer().Render(clip, plates: 2, seed: 5, CancellationToken.None);
        string key = _dir.File("store.key");
        EdgeAlpr.Storage.StoreKey.Create(key);
        string config = _dir.File("unit.json");
        File.WriteAllText(
            config,
            JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["Agent"] = new Dictionary<string, object?>
                    {
                        ["State"] = "IL",
                        ["StopWhenCamerasEnd"] = true,
                        ["StatusFile"] = _dir.File("status.json"),
                        ["Cameras"] = new object[]
                        {
                            new Dictionary<string, object?> { ["Id"] = "north", ["Source"] = clip },
                        },
                    },
                    ["Store"] = new Dictionary<string, object?>
                    {
                        ["Directory"] = _dir.File("store"),
                        ["KeyFile"] = key,
                        ["KeyVariable"] = "EDGEALPR_UNUSED_IN_THIS_TEST",
                        ["MinFreeMegabytes"] = 0,
                    },
                    ["HotList"] = new Dictionary<string, object?> { ["Directory"] = _dir.File("hotlist") },
                    ["Alerts"] = new Dictionary<string, object?> { ["Audio"] = new Dictionary<string, object?> { ["Enabled"] = false } },
                    ["Console"] = new Dictionary<string, object?> { ["LocalSocket"] = false },
                }
            )
        );
        string unit = Path.Combine(TestPaths.Root, "deploy", "edge-alpr.service");

        ProcessResult run = await UnderFilterAsync(unit, config);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("system calls allowed, errno EPERM", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Camera north", run.Stderr, StringComparison.Ordinal);
        Match reads = Regex.Match(run.Stderr, @"Read path stopped: (?<reads>\d+) reads");
        Assert.True(reads.Success && int.Parse(reads.Groups["reads"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, run.Stderr);

        // The filter is really applied: the usual "~@resources" on top takes away what .NET's threads call as they start.
        string stricter = _dir.File("stricter.service");
        File.WriteAllLines(
            stricter,
            File.ReadAllLines(unit).SelectMany(l => l == "SystemCallFilter=~@privileged" ? [l, "SystemCallFilter=~@resources"] : new[] { l })
        );
        ProcessResult refused = await UnderFilterAsync(stricter, config);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Failed to create CoreCLR", refused.Stderr, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> UnderFilterAsync(string unit, string config) =>
        ProcessRunner.RunAsync(
            // Debian's interpreter: python3-seccomp is installed for it, not for other Pythons on PATH.
            File.Exists("/usr/bin/python3")
                ? "/usr/bin/python3"
                : "python3",
            [
                Path.Combine(TestPaths.Root, "tests", "tools", "unit_seccomp_run.py"),
                unit,
                "--",
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll"),
                "run",
                "--config",
                config,
            ],
            new Dictionary<string, string> { ["NO_COLOR"] = "1" },
            TestPaths.Root,
            timeout: TimeSpan.FromMinutes(3)
        );
}
