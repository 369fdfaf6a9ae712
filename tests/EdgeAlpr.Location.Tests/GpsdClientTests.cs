using EdgeAlpr.Core.Location;
using EdgeAlpr.TestKit.Gps;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Location.Tests;

/// <summary>The gpsd client against Debian's real gpsd, fed by gpsfake.</summary>
public sealed class GpsdClientTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-alpr-gps-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Fixes_from_gpsd_carry_position_speed_heading_and_GPS_time_then_go_stale_and_come_back_after_a_restart()
    {
        string log = NmeaLog.Write(Path.Combine(_folder, "drive.nmea"), 30);
        var options = new LocationOptions
        {
            Receiver = GpsReceiver.Gpsd,
            StaleAfter = TimeSpan.FromSeconds(1),
            ReconnectMin = TimeSpan.FromMilliseconds(100),
            ReconnectMax = TimeSpan.FromMilliseconds(400),
        };
        GpsdClient client;
        using var stop = new CancellationTokenSource();
        Task running;
        int port;
        using (GpsFake gpsd = await GpsFake.StartAsync(log))
        {
            port = gpsd.Port;
            client = new GpsdClient("127.0.0.1", port, options.ReconnectMin, options.ReconnectMax, TimeProvider.System, NullLogger.Instance);
            var location = new UnitLocation(options, client, TimeProvider.System, NullLogger.Instance);
            running = client.RunAsync(stop.Token);
            GpsFix fix = await WaitAsync(client, f => f.GpsTime is not null && f.SpeedMps is not null, "a fix with time and speed");

            Assert.Equal("gpsd", fix.Source);
            Assert.True(fix.Mode >= FixMode.Fix2D);
            Assert.InRange(fix.Latitude, NmeaLog.StartLatitude, NmeaLog.StartLatitude + 0.001);
            Assert.Equal(NmeaLog.Longitude, fix.Longitude, 5);
            Assert.Equal(NmeaLog.SpeedKnots * 1852 / 3600, fix.SpeedMps!.Value, 2);
            Assert.Equal(NmeaLog.Track, fix.HeadingDeg);
            Assert.Equal(new DateTime(2026, 12, 1), fix.GpsTime!.Value.UtcDateTime.Date);
            Assert.Equal("gpsd", location.ForRead()?.Source);
        }

        // gpsd has gone: the last fix ages and stops stamping reads.
        var unit = new UnitLocation(options, client, TimeProvider.System, NullLogger.Instance);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(client.Current!.IsStale(DateTimeOffset.UtcNow, options.StaleAfter));
        Assert.Null(unit.ForRead());
        Assert.Equal(1, unit.StaleReads);

        // gpsd back on the same port: the client reconnects by itself.
        using (GpsFake again = await GpsFake.StartAsync(log, port: port))
        {
            DateTimeOffset after = DateTimeOffset.UtcNow;
            await WaitAsync(client, f => f.ReceivedAt > after && f.HasPosition, "a fix after gpsd restarted");
            Assert.NotNull(unit.ForRead());
        }

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void Reports_without_a_fix_and_malformed_reports_are_handled()
    {
        var client = new GpsdClient("127.0.0.1", 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        client.Handle("""{"class":"SKY","hdop":1.1,"satellites":[{"PRN":3,"used":true},{"PRN":4,"used":false},{"PRN":6,"used":true}]}""", now);
        GpsFix fix = client.Handle(
            """{"class":"TPV","mode":3,"time":"2026-12-01T12:00:00.000Z","lat":41.8781,"lon":-87.6298,"alt":182.0,"speed":6.43,"track":270.0}""",
            now
        )!;
        Assert.Equal(2, fix.Satellites);
        Assert.Equal(1.1, fix.Hdop);
        Assert.Null(client.Handle("""{"class":"TPV","mode":1}""", now.AddSeconds(1)));
        Assert.Equal(FixMode.NoFix, client.Current!.Mode);
        Assert.Null(client.Handle("{not json", now));
        Assert.Null(client.Handle("""{"class":"TPV","mode":"three"}""", now));
        Assert.Equal(2, client.Malformed);
    }

    [Fact]
    public async Task A_report_longer_than_the_limit_is_dropped_unread_and_counted_and_the_next_one_is_used()
    {
        // A stand-in for gpsd on loopback that sends one endless report, then a good one.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var client = new GpsdClient(
            "127.0.0.1",
            port,
            TimeSpan.FromMilliseconds(100),
            TimeSpan.FromSeconds(1),
            TimeProvider.System,
            NullLogger.Instance
        );
        using var stop = new CancellationTokenSource();
        Task running = client.RunAsync(stop.Token);
        using (System.Net.Sockets.TcpClient gpsd = await listener.AcceptTcpClientAsync())
        {
            await using System.Net.Sockets.NetworkStream stream = gpsd.GetStream();
            byte[] endless = System.Text.Encoding.ASCII.GetBytes(
                "{\"class\":\"SKY\",\"satellites\":[" + string.Concat(Enumerable.Repeat("{\"PRN\":3,\"used\":true},", 40_000))
            );
            Assert.True(endless.Length > GpsdClient.MaxLineBytes * 10);
            await stream.WriteAsync(endless);
            await stream.WriteAsync("{}]}\n{\"class\":\"TPV\",\"mode\":3,\"lat\":41.8781,\"lon\":-87.6298}\n"u8.ToArray());
            await WaitAsync(client, f => f.HasPosition, "the report after the endless one");
            Assert.Equal((1, 1), (client.Malformed, client.Overlong));
            Assert.Null(client.Current!.Satellites); // the endless SKY report was not read
        }

        await stop.CancelAsync();
        await running;
    }

    private static async Task<GpsFix> WaitAsync(IGpsSource source, Func<GpsFix, bool> wanted, string what)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (source.Current is { } f && wanted(f))
            {
                return f;
            }

            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last: {source.Current}");
            }

            await Task.Delay(50);
        }
    }
}
