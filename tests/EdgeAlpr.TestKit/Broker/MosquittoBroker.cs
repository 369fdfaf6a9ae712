using System.Diagnostics;
using System.Text;

namespace EdgeAlpr.TestKit.Broker;

/// <summary>
/// Debian's Mosquitto on a free loopback port, with its own folder: configuration, persistence
/// (so sessions and queued messages survive a restart, as on a real broker) and log. Stopped
/// (SIGTERM, which saves the sessions) and started again on the same port by the tests.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly string _config;
    private Process? _process;

    private MosquittoBroker(string folder, int port, string config)
    {
        Folder = folder;
        Port = port;
        _config = Path.Combine(folder, "mosquitto.conf");
        File.WriteAllText(_config, config);
    }

    public string Folder { get; }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public string TlsUrl => $"mqtts://localhost:{Port}";

    public string LogPath => Path.Combine(Folder, "mosquitto.log");

    /// <summary>
    /// Starts a broker; <paramref name="listener"/> adds lines to the listener (TLS, authentication), <paramref
    /// name="acl"/> is an ACL file's text.
    /// </summary>
    public static async Task<MosquittoBroker> StartAsync(string? listener = null, string? acl = null, string? passwords = null)
    {
        string folder = Directory.CreateTempSubdirectory("edge-alpr-mosquitto-").FullName;
        int port = FreePort.Next();
        var config = new StringBuilder()
            .AppendLine("user root") // the tests run as root; without this it would drop to 'mosquitto' and lose its folder
            .AppendLine("per_listener_settings false")
            .AppendLine("persistence true")
            .AppendLine($"persistence_location {folder}/")
            .AppendLine("autosave_interval 0")
            .AppendLine("max_queued_messages 1000000") // not 0 (no limit): Mosquitto 2.0.11 then drops a client whose publish it denied
            .AppendLine($"log_dest file {folder}/mosquitto.log")
            .AppendLine("log_type all")
            .AppendLine($"listener {port} 127.0.0.1");
        if (listener is not null)
        {
            config.AppendLine(listener);
        }

        if (passwords is not null)
        {
            config.AppendLine("allow_anonymous false").AppendLine($"password_file {folder}/passwords");
        }
        else if (listener?.Contains("use_identity_as_username", StringComparison.Ordinal) != true)
        {
            config.AppendLine("allow_anonymous true");
        }

        if (acl is not null)
        {
            File.WriteAllText(Path.Combine(folder, "acl"), acl);
            config.AppendLine($"acl_file {folder}/acl");
        }

        var broker = new MosquittoBroker(folder, port, config.ToString());
        if (passwords is not null)
        {
            File.WriteAllText(Path.Combine(folder, "passwords"), passwords);
            await ProcessRunner.RunCheckedAsync("mosquitto_passwd", "-U", Path.Combine(folder, "passwords"));
        }

        await broker.StartAsync();
        return broker;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start (is Debian's mosquitto installed?)");
        _ = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
        await FreePort.WaitForListenerAsync(Port, TimeSpan.FromSeconds(10), Log);
    }

    /// <summary>SIGTERM: the broker saves its sessions and queued messages and exits, as in a restart.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            ProcessRunner.Terminate(p);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await p.WaitForExitAsync(timeout.Token);
        }

        _process?.Dispose();
        _process = null;
    }

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no broker log)";

    public void Dispose()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(5000);
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being written as the broker dies; the temp folder is cleaned by the system.
        }
    }
}
