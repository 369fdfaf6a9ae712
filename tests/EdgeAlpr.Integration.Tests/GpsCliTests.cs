using System.Text.Json;
using EdgeAlpr.TestKit.Gps;

namespace EdgeAlpr.Integration.Tests;

/// <summary><c>edge-alpr gps</c> against Debian's gpsd (through gpsfake), and without a receiver.</summary>
public sealed class GpsCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Gps_once_json_prints_the_current_fix_from_gpsd()
    {
        using GpsFake gpsd = await GpsFake.StartAsync(NmeaLog.Write(_dir.File("drive.nmea"), 30));
        CliRunner.Result result = await CliRunner.RunAsync(
            "gps",
            "--once",
            "--json",
            "--receiver",
            "Gpsd",
            "--gpsd",
            $"127.0.0.1:{gpsd.Port}",
            "--timeout",
            "20"
        );
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement fix = JsonDocument.Parse(result.StdoutLines[^1]).RootElement;
        Assert.Equal("gpsd", fix.GetProperty("source").GetString());
        Assert.Equal(NmeaLog.Longitude, fix.GetProperty("longitude").GetDouble(), 5);
        Assert.InRange(fix.GetProperty("latitude").GetDouble(), NmeaLog.StartLatitude, NmeaLog.StartLatitude + 0.001);
        Assert.False(fix.GetProperty("stale").GetBoolean());
        Assert.Contains(fix.GetProperty("mode").GetString(), new[] { "2d", "3d" });
    }

    [Fact]
    public async Task A_patrol_units_reads_are_stamped_with_the_GPS_fix_of_the_moment()
    {
        using GpsFake gpsd = await GpsFake.StartAsync(NmeaLog.Write(_dir.File("drive.nmea"), 60), cycleSeconds: 0.2);
        string frames = _dir.KnownPhotoFrames(6);
        CliRunner.Result result = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string>
            {
                ["EDGEALPR_Location__Receiver"] = "Gpsd",
                ["EDGEALPR_Location__GpsdPort"] = gpsd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            "process",
            "--source",
            frames,
            "--out",
            _dir.File("reads.jsonl"),
            "--fps",
            "10",
            "--motion-gate",
            "false"
        );
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement read = JsonDocument.Parse(File.ReadAllLines(_dir.File("reads.jsonl"))[0]).RootElement;
        JsonElement location = read.GetProperty("location");
        Assert.Equal("gpsd", location.GetProperty("source").GetString());
        Assert.Equal(NmeaLog.Longitude, location.GetProperty("longitude").GetDouble(), 5);
    }

    [Fact]
    public async Task Without_a_receiver_or_a_fix_the_command_says_so()
    {
        CliRunner.Result none = await CliRunner.RunAsync("gps", "--once");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no GPS receiver is configured", none.Stderr, StringComparison.Ordinal);

        CliRunner.Result fixedPoint = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Location__FixedLatitude"] = "41.8781", ["EDGEALPR_Location__FixedLongitude"] = "-87.6298" },
            "gps",
            "--once",
            "--json"
        );
        Assert.Equal(0, fixedPoint.ExitCode);
        Assert.Equal("fixed", JsonDocument.Parse(fixedPoint.StdoutLines[^1]).RootElement.GetProperty("source").GetString());

        int port = FreePort.Next();
        CliRunner.Result silent = await CliRunner.RunAsync("gps", "--once", "--receiver", "Gpsd", "--gpsd", $"127.0.0.1:{port}", "--timeout", "2");
        Assert.Equal(1, silent.ExitCode);
        Assert.Contains("no GPS fix within 2 s (nothing was heard from the receiver", silent.Stderr, StringComparison.Ordinal);

        CliRunner.Result bad = await CliRunner.RunAsync("gps", "--receiver", "Serial", "--serial", "/dev/ttyUSB9", "--baud", "1234");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Location:BaudRate 1234 is not one of", bad.Stderr, StringComparison.Ordinal);
    }
}
