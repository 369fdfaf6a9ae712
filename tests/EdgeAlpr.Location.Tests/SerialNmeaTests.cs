using System.Diagnostics;
using EdgeAlpr.Core.Location;
using EdgeAlpr.TestKit.Gps;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Location.Tests;

/// <summary>
/// A receiver on a serial line, simulated by a pseudo-terminal pair (socat): the unit reads one end, the test
/// writes NMEA into the other.
/// </summary>
public sealed class SerialNmeaTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-alpr-serial-").FullName;
    private readonly Process _socat;

    public SerialNmeaTests()
    {
        var start = new ProcessStartInfo("socat") { RedirectStandardError = true };
        foreach (string a in new[] { $"pty,raw,echo=0,link={_folder}/gps", $"pty,raw,echo=0,link={_folder}/feed" })
        {
            start.ArgumentList.Add(a);
        }

        _socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start (Debian's socat)");
        _ = _socat.StandardError.ReadToEndAsync();
        Poll.Wait(
            () => File.Exists(Path.Combine(_folder, "gps")) && File.Exists(Path.Combine(_folder, "feed")),
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(20)
        );
    }

    public void Dispose()
    {
        _socat.Kill();
        _socat.WaitForExit(5000);
        _socat.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task NMEA_from_a_serial_port_gives_fixes_and_malformed_sentences_are_counted_and_skipped()
    {
        string device = new FileInfo(Path.Combine(_folder, "gps")).ResolveLinkTarget(true)!.FullName;
        var source = new SerialNmeaSource(
            device,
            9600,
            TimeSpan.FromMilliseconds(100),
            TimeSpan.FromSeconds(1),
            TimeProvider.System,
            NullLogger.Instance
        );
        using var stop = new CancellationTokenSource();
        Task running = source.RunAsync(stop.Token);
        await Task.Delay(300); // the port is open before the receiver talks, as on a unit

        IReadOnlyList<string> good = NmeaLog.Sentences(3);
        string[] lines =
        [
            good[0],
            "$GPRMC,120001.00,A,4152.6860,N,08737.7880,W,12.5,270.0,011226,,,A*00", // wrong checksum
            "garbage from a half-read line",
            NmeaLog.Sentence("GPGSV,1,1,01,03,03,111,00"), // not used, not an error
            good[1],
            good[2],
            good[3],
        ];
        await using (var feed = new FileStream(Path.Combine(_folder, "feed"), FileMode.Open, FileAccess.Write))
        {
            foreach (string line in lines)
            {
                await feed.WriteAsync(System.Text.Encoding.ASCII.GetBytes(line + "\r\n"));
                await feed.FlushAsync();
            }
        }

        await Poll.WaitAsync(() => source.Current?.Satellites is not null, TimeSpan.FromSeconds(10));

        await stop.CancelAsync();
        await running;
        GpsFix fix = source.Current ?? throw new Xunit.Sdk.XunitException("no fix came through the serial port");
        Assert.Equal("nmea", fix.Source);
        Assert.Equal(NmeaLog.Longitude, fix.Longitude, 5);
        Assert.Equal(9, fix.Satellites);
        Assert.Equal(0.8, fix.Hdop);
        Assert.Equal(2, source.Malformed);
    }

    [Fact]
    public async Task A_line_without_end_is_dropped_at_the_limit_counted_and_the_sentences_after_it_are_used()
    {
        string device = new FileInfo(Path.Combine(_folder, "gps")).ResolveLinkTarget(true)!.FullName;
        var source = new SerialNmeaSource(
            device,
            9600,
            TimeSpan.FromMilliseconds(100),
            TimeSpan.FromSeconds(1),
            TimeProvider.System,
            NullLogger.Instance
        );
        using var stop = new CancellationTokenSource();
        Task running = source.RunAsync(stop.Token);
        await Task.Delay(300);

        // A receiver at the wrong baud rate, say: 2 MiB and no newline. SerialPort.ReadLine would buffer it all.
        byte[] noise = new byte[2 << 20];
        Array.Fill(noise, (byte)'7');
        await using (var feed = new FileStream(Path.Combine(_folder, "feed"), FileMode.Open, FileAccess.Write))
        {
            await feed.WriteAsync(noise);
            await feed.WriteAsync(System.Text.Encoding.ASCII.GetBytes("\r\n" + string.Join("\r\n", NmeaLog.Sentences(2)) + "\r\n"));
            await feed.FlushAsync();
        }

        await Poll.WaitAsync(() => source.Current?.Satellites is not null, TimeSpan.FromSeconds(20));

        await stop.CancelAsync();
        await running;
        Assert.Equal(NmeaLog.Longitude, (source.Current ?? throw new Xunit.Sdk.XunitException("no fix after the endless line")).Longitude, 5);
        Assert.Equal((1, 1), (source.Malformed, source.Overlong));
    }
}
