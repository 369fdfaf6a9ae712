using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Location;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Location;

/// <summary>
/// A gpsd client over its JSON protocol: <c>?WATCH={"enable":true,"json":true}</c>, then TPV
/// reports (position, time, speed, track, mode) and SKY reports (satellites used, HDOP).
/// Reconnects with backoff when gpsd restarts or goes away.
/// </summary>
public sealed class GpsdClient(string host, int port, TimeSpan reconnectMin, TimeSpan reconnectMax, TimeProvider time, ILogger logger) : IGpsSource
{
    /// <summary>Longest report line kept (a SKY report with every satellite in view is a few kilobytes); longer ones are dropped unread.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private GpsFix? _current;
    private long _malformed;
    private long _overlong;
    private int? _satellites;
    private double? _hdop;

    public GpsFix? Current => Volatile.Read(ref _current);

    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Of <see cref="Malformed"/>, the reports dropped unread for being longer than <see cref="MaxLineBytes"/>.</summary>
    public long Overlong => Interlocked.Read(ref _overlong);

    public event Action<GpsFix>? FixReceived;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(reconnectMin, reconnectMax);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                logger.LogWarning("GPS: gpsd at {Host}:{Port}: {Reason}; trying again", host, port, ex.Message);
            }

            try
            {
                await Task.Delay(backoff.Next(), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Interprets one line of gpsd's output; public for tests of the protocol handling.</summary>
    public GpsFix? Handle(string line, DateTimeOffset receivedAt)
    {
        GpsFix fix;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement report = doc.RootElement;
            string? kind = report.TryGetProperty("class", out JsonElement c) ? c.GetString() : null;
            if (kind == "SKY")
            {
                _hdop = Number(report, "hdop") ?? _hdop;
                _satellites =
                    report.TryGetProperty("uSat", out JsonElement used) ? used.GetInt32()
                    : report.TryGetProperty("satellites", out JsonElement sats)
                        ? sats.EnumerateArray().Count(s => s.TryGetProperty("used", out JsonElement u) && u.GetBoolean())
                    : _satellites;
                return null;
            }

            if (kind != "TPV")
            {
                return null;
            }

            var mode = (FixMode)Math.Clamp(report.TryGetProperty("mode", out JsonElement m) ? m.GetInt32() : 1, 1, 3);
            if (mode < FixMode.Fix2D || Number(report, "lat") is not { } lat || Number(report, "lon") is not { } lon)
            {
                GpsFix? last = Current;
                GpsFix lost = last is null
                    ? new GpsFix(0, 0, FixMode.NoFix, receivedAt, "gpsd")
                    : last with
                    {
                        Mode = FixMode.NoFix,
                        ReceivedAt = receivedAt,
                    };
                Volatile.Write(ref _current, lost);
                return null;
            }

            if (lat is < -90 or > 90 || lon is < -180 or > 180)
            {
                throw new FormatException($"position {lat}, {lon} is off the globe");
            }

            fix = new GpsFix(lat, lon, mode, receivedAt, "gpsd")
            {
                AltitudeM = Number(report, "altMSL") ?? Number(report, "alt"),
                SpeedMps = Number(report, "speed"),
                HeadingDeg = Number(report, "track"),
                GpsTime =
                    report.TryGetProperty("time", out JsonElement t)
                    && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
                        ? at
                        : null,
                Satellites = _satellites,
                Hdop = _hdop,
            };
            Volatile.Write(ref _current, fix);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            Interlocked.Increment(ref _malformed);
            logger.LogDebug("GPS: skipped a gpsd report that is not JSON of the expected shape: {Reason}", ex.Message);
            return null;
        }

        // Outside the try: a subscriber's failure is not a malformed report.
        FixReceived?.Invoke(fix);
        return fix;
    }

    private async Task SessionAsync(ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        await using NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("?WATCH={\"enable\":true,\"json\":true};\n"), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("GPS: connected to gpsd at {Host}:{Port}", host, port);
        backoff.Reset();

        // Not StreamReader.ReadLineAsync: it buffers a line whole, however long, before returning it.
        var lines = new BoundedLineSplitter(MaxLineBytes, Encoding.UTF8);
        byte[] buffer = new byte[8192];
        long overlong = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            lines.Feed(buffer.AsSpan(0, read), line => Handle(line, time.GetUtcNow()));
            if (lines.Overlong != overlong)
            {
                Interlocked.Add(ref _malformed, lines.Overlong - overlong);
                Interlocked.Add(ref _overlong, lines.Overlong - overlong);
                logger.LogWarning("GPS: dropped a gpsd report longer than {Max} bytes", MaxLineBytes);
                overlong = lines.Overlong;
            }
        }

        throw new IOException("gpsd closed the connection");
    }

    private static double? Number(JsonElement report, string name) =>
        report.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
