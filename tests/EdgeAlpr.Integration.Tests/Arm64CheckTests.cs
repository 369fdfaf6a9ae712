namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// deploy/arm64-check.sh as a whole, on a fresh publish of both runtimes: the linux-arm64 build under qemu-user
/// starts, refuses bad settings, runs the hot list, the store and the uplink, fetches the models, reads the same
/// plates in three dev photos as the linux-x64 build, and runs the demo until its reads are delivered. Only with
/// <c>EDGE_ALPR_ARM64_CHECK=1</c> (<see cref="Arm64CheckFactAttribute"/>); it needs root or sudo (Debian packages,
/// and the aarch64 /proc/cpuinfo ONNX Runtime is given under emulation).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class Arm64CheckTests
{
    // Every step the script prints; one missing means the script no longer checks it.
    private static readonly string[] Steps =
    [
        "binary",
        "startup",
        "config-timespan",
        "config-range",
        "config-run",
        "models",
        "bench-hotlist",
        "bench-store",
        "bench-uplink",
        "models-fetch",
        "recognize",
        "demo",
    ];

    [Arm64CheckFact]
    public async Task The_arm64_build_under_qemu_passes_every_step_and_reads_the_plates_x64_reads()
    {
        string deploy = Path.Combine(TestPaths.Root, "deploy");
        // Published afresh: a folder left from an older build would pass or fail for code that is no longer there.
        (int code, string stdout, string stderr) = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(deploy, "publish.sh"), "linux-arm64", "linux-x64"],
            timeout: TimeSpan.FromMinutes(20)
        );
        Assert.True(code == 0, stdout + stderr);

        (code, stdout, stderr) = await ProcessRunner.RunAsync("bash", [Path.Combine(deploy, "arm64-check.sh")], timeout: TimeSpan.FromMinutes(45));
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        string[] results =
        [
            .. stdout
                .Split('\n')
                .Where(l =>
                    l.StartsWith("PASS ", StringComparison.Ordinal)
                    || l.StartsWith("FAIL ", StringComparison.Ordinal)
                    || l.StartsWith("SKIP ", StringComparison.Ordinal)
                ),
        ];
        // A skip is no pass here: without root or sudo, or without the dev photos, the check has not read a plate.
        Assert.All(results, l => Assert.True(l.StartsWith("PASS ", StringComparison.Ordinal), stdout));
        Assert.Equal(Steps, results.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
    }
}
