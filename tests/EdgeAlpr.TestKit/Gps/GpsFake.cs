using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeAlpr.TestKit.Gps;

/// <summary>Debian's gpsd, started by gpsfake on a free loopback port, replaying an NMEA log once.</summary>
public sealed class GpsFake : IDisposable
{
    private readonly Process _process;

    private GpsFake(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<GpsFake> StartAsync(string log, double cycleSeconds = 0.1, int? port = null)
    {
        int p = port ?? FreePort.Next();
        var start = new ProcessStartInfo("gpsfake") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            string a in new[]
            {
                "-P",
                p.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-1",
                "-q",
                "-c",
                cycleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                log,
            }
        )
        {
            start.ArgumentList.Add(a);
        }

        // gpsfake runs gpsd from PATH; on Debian it lives in /usr/sbin.
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("gpsfake did not start (Debian's gpsd-clients installs it)");
        _ = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        DateTime until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, p);
                return new GpsFake(process, p);
            }
            catch (SocketException) when (DateTime.UtcNow < until && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"gpsd did not listen on {p}: {(process.HasExited ? await stderr : "(still starting)")}");
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
