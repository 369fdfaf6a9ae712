using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// <c>edge-alpr run</c> as a process of its own, the way systemd runs it on a unit, with its settings as
/// <c>EDGEALPR_</c> variables: its memory is then the agent's alone (not the benchmark's broker, central side and
/// clip), and the runtime settings of the published unit (its runtimeconfig, the <c>DOTNET_</c> variables) apply.
/// </summary>
internal static class AgentProcess
{
    /// <summary>How often the child's status is read: its VmHWM is the kernel's high-water mark, so this only bounds what is missed in the last moments before it exits.</summary>
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(25);

    /// <param name="configFile">The unit's settings file (<c>run --config</c>).</param>
    /// <param name="settings">Settings over the file, as configuration keys (<c>Agent:Cameras:0:Id</c>).</param>
    /// <param name="cancellationToken">Kills the agent (its whole tree) and ends the run.</param>
    public static async Task<AgentProcessOutcome> RunAsync(
        string configFile,
        IReadOnlyDictionary<string, string?> settings,
        CancellationToken cancellationToken
    )
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("this process's executable is unknown");
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            // Run as `dotnet edge-alpr.dll` (the tests, `dotnet run`): the same again.
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly"));
        }

        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        foreach ((string key, string? value) in settings)
        {
            start.Environment["EDGEALPR_" + key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        var stderr = new StringBuilder();
        Task drainOut = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task drainErr = Task.Run(
            async () =>
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                {
                    lock (stderr)
                    {
                        stderr.AppendLine(line);
                    }
                }
            },
            CancellationToken.None
        );
        string status = $"/proc/{process.Id}/status";
        long peak = 0,
            rssAtPeak = 0,
            anonAtPeak = 0,
            fileAtPeak = 0;
        try
        {
            while (!process.HasExited)
            {
                try
                {
                    peak = Math.Max(peak, ProcessMemory.Field(status, "VmHWM:"));
                    long rss = ProcessMemory.Field(status, "VmRSS:");
                    if (rss > rssAtPeak)
                    {
                        // Which part of the resident set the largest sample was: private (heaps, native arenas) or mapped files.
                        rssAtPeak = rss;
                        anonAtPeak = ProcessMemory.Field(status, "RssAnon:");
                        fileAtPeak = ProcessMemory.Field(status, "RssFile:");
                    }
                }
                catch (IOException)
                {
                    // It exited between the check and the read.
                }

                await Task.Delay(SampleEvery, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(drainOut, drainErr).ConfigureAwait(false);
        return new AgentProcessOutcome(process.ExitCode, Math.Max(peak, rssAtPeak), anonAtPeak, fileAtPeak, stderr.ToString());
    }
}

/// <summary>How a run of the agent as a process ended and its memory.</summary>
/// <param name="ExitCode">The agent's exit code.</param>
/// <param name="PeakRss">Its resident set's high-water mark (VmHWM), bytes.</param>
/// <param name="AnonymousAtPeak">At the largest resident set sampled: its private part (heaps, native arenas, stacks).</param>
/// <param name="FileAtPeak">At the largest resident set sampled: the mapped files (assemblies, native libraries, the model files).</param>
/// <param name="Stderr">What it logged.</param>
internal sealed record AgentProcessOutcome(int ExitCode, long PeakRss, long AnonymousAtPeak, long FileAtPeak, string Stderr);
