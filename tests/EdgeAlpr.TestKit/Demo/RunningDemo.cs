using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeAlpr.TestKit.Demo;

/// <summary>
/// The real <c>edge-alpr demo --console-port …</c> running in the background, as a person starts it: what it prints
/// on stderr read as it comes, the console's address and certificate thumbprint taken from its lines, an
/// <see cref="HttpClient"/> that trusts exactly that certificate, and a stop by SIGTERM as at the end of a look.
/// </summary>
public sealed partial class RunningDemo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private readonly Task _reading;

    private RunningDemo(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(CopyAsync(process.StandardError, _stderr), CopyAsync(process.StandardOutput, _stdout));
    }

    /// <summary>The console's address, as the demo printed it.</summary>
    public Uri ConsoleUrl { get; private set; } = null!;

    /// <summary>The SHA-256 of the console's certificate, upper-case hex, as the demo printed it.</summary>
    public string Thumbprint { get; private set; } = null!;

    /// <summary>What the demo has printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>edge-alpr.dll</c> (beside the tests) with <paramref name="args"/> and waits, up to
    /// <paramref name="timeout"/>, until it prints the console's address and thumbprint.
    /// </summary>
    public static async Task<RunningDemo> StartAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("edge-alpr.dll is not beside the tests; the Agent project reference is missing", dll);
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("demo");
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        var demo = new RunningDemo(Process.Start(start) ?? throw new InvalidOperationException("edge-alpr did not start"));
        try
        {
            await demo.WaitForAsync(UrlLine(), timeout);
            Match url = UrlLine().Match(demo.Stderr);
            demo.ConsoleUrl = new Uri(url.Groups[1].Value);
            await demo.WaitForAsync(ThumbprintLine(), timeout);
            demo.Thumbprint = ThumbprintLine().Match(demo.Stderr).Groups[1].Value;
            return demo;
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until stderr matches <paramref name="pattern"/>; fails with what it printed when it exits first or time runs out.</summary>
    public async Task WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        DateTime until = DateTime.UtcNow + timeout;
        while (!pattern.IsMatch(Stderr))
        {
            if (_process.HasExited)
            {
                await _reading;
                if (pattern.IsMatch(Stderr))
                {
                    return;
                }

                throw new InvalidOperationException($"the demo exited {_process.ExitCode} before printing /{pattern}/: {Stderr}");
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"the demo did not print /{pattern}/ within {timeout}: {Stderr}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A client of the console that trusts its certificate by the printed thumbprint, and nothing else.</summary>
    public HttpClient Client(bool cookies = false) =>
        new(
            new SocketsHttpHandler
            {
                UseCookies = cookies,
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                        presented is X509Certificate2 certificate
                        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                        && certificate.GetCertHashString(HashAlgorithmName.SHA256) == Thumbprint,
                },
            }
        )
        {
            BaseAddress = ConsoleUrl,
        };

    /// <summary>SIGTERM, as Ctrl-C ends a look; its exit code and all it printed.</summary>
    public async Task<ProcessResult> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            ProcessRunner.Terminate(_process);
        }

        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the demo did not stop within {timeout} of SIGTERM: {Stderr}");
        }

        await _reading;
        lock (_stdout)
        {
            return new ProcessResult(_process.ExitCode, _stdout.ToString(), Stderr);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Killed already; nothing more to stop.
            }
        }

        _process.Dispose();
    }

    private static async Task CopyAsync(StreamReader from, StringBuilder to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.Append(line).Append('\n');
            }
        }
    }

    [GeneratedRegex(@"web console on (https://\S+)")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"console certificate SHA-256 ([0-9A-F]{64})")]
    private static partial Regex ThumbprintLine();
}
