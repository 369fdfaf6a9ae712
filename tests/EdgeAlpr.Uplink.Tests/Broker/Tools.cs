using System.Diagnostics;

namespace EdgeAlpr.Uplink.Tests.Broker;

internal static class Tools
{
    public static async Task<string> RunAsync(string program, params string[] args)
    {
        (int code, string stdout, string stderr) = await RunWithExitCodeAsync(program, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {code}: {stderr}");
        }

        return stdout;
    }

    /// <summary>Runs a program to its end (30 s at most) and gives back its exit code and what it printed.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunWithExitCodeAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGTERM, so the process shuts down as it would under systemd.</summary>
    public static void Terminate(Process process)
    {
        using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
