using System.Diagnostics;

namespace EdgeAlpr.TestKit;

/// <summary>What a program that ran to its end printed, and how it exited.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output split into its non-empty lines, each trimmed.</summary>
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs a program to its end, as the tests run outside tools (openssl, sox, ffmpeg, mosquitto_pub, the
/// edge-alpr executable): arguments passed one by one (no shell), extra environment variables, a working
/// folder, text on standard input, a time limit; standard output and error captured.
/// </summary>
public static class ProcessRunner
{
    /// <summary>The time limit of <see cref="RunAsync(string, string[])"/> and <see cref="RunCheckedAsync"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs a program to its end (<see cref="DefaultTimeout"/> at most) and gives back its exit code and what it printed.</summary>
    public static Task<ProcessResult> RunAsync(string program, params string[] args) => RunAsync(program, args, timeout: DefaultTimeout);

    /// <summary>
    /// Runs a program to its end. <paramref name="environment"/> adds to (or overrides) the test's own;
    /// <paramref name="stdin"/>, when given, is written and closed (otherwise standard input is inherited);
    /// past <paramref name="timeout"/> (none when null) the process tree is killed and <see cref="TimeoutException"/> thrown.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? stdin = null,
        TimeSpan? timeout = null
    )
    {
        using Process p = Start(program, args, environment, workingDirectory, stdin is not null);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }

        using var limit = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}: {await stderr}");
        }

        return new ProcessResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>The same, for a test that is not asynchronous.</summary>
    public static ProcessResult Run(
        string program,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? stdin = null,
        TimeSpan? timeout = null
    )
    {
        using Process p = Start(program, args, environment, workingDirectory, stdin is not null);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}: {stderr.GetAwaiter().GetResult()}");
        }

        p.WaitForExit(); // and its output read to the end
        return new ProcessResult(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The same, with no time limit, arguments as given.</summary>
    public static ProcessResult Run(string program, params string[] args) => Run(program, (IEnumerable<string>)args);

    /// <summary>Runs a program (<see cref="DefaultTimeout"/> at most) that must succeed; gives back its standard output.</summary>
    public static async Task<string> RunCheckedAsync(string program, params string[] args)
    {
        (int code, string stdout, string stderr) = await RunAsync(program, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {code}: {stderr}");
        }

        return stdout;
    }

    /// <summary>SIGTERM, so the process shuts down as it would under systemd.</summary>
    public static void Terminate(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static Process Start(
        string program,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment,
        string? workingDirectory,
        bool redirectStdin
    )
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
    }
}
