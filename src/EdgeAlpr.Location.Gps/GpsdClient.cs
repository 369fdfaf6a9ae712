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
    private const int MaxLine = 64 * 1024;
    private GpsFix? _current;
    private long _malformed;
    private int? _satellites;
    private double? _hdop;

    public GpsFix? Current => Volatile.Read(ref _current);

    public long Malformed => Interlocked.Read(ref _malformed);

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
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement report = doc.RootElement;
            string? kind = report.TryGetProperty("class", out JsonElement c) ? c.GetString() : null;
            if (kind == "SKY")
            {
                _hdop = Number(report, "hdop") ?? _hdop;
                _satellites = report.TryGetProperty("uSat", out JsonElement used) ? used.GetInt32()
                    : report.TryGetProperty("satellites", out JsonElement sats) ? sats.EnumerateArray().Count(s => s.TryGetProperty("used", out JsonElement u) && u.GetBoolean())
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
                GpsFix lost = last is null ? new GpsFix(0, 0, FixMode.NoFix, receivedAt, "gpsd") : last with { Mode = FixMode.NoFix, ReceivedAt = receivedAt };
                Volatile.Write(ref _current, lost);
                return null;
            }

            var fix = new GpsFix(lat, lon, mode, receivedAt, "gpsd")
            {
                AltitudeM = Number(report, "altMSL") ?? Number(report, "alt"),
                SpeedMps = Number(report, "speed"),
                HeadingDeg = Number(report, "track"),
                GpsTime = report.TryGetProperty("time", out JsonElement t) && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) ? at : null,
                Satellites = _satellites,
                Hdop = _hdop,
            };
            Volatile.Write(ref _current, fix);
            FixReceived?.Invoke(fix);
            return fix;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            Interlocked.Increment(ref _malformed);
            logger.LogDebug("GPS: skipped a gpsd report that is not JSON of the expected shape: {Reason}", ex.Message);
            return null;
        }
    }

    private async Task SessionAsync(ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        await using NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("?WATCH={\"enable\":true,\"json\":true};\n"), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        logger.LogInformation("GPS: connected to gpsd at {Host}:{Port}", host, port);
        backoff.Reset();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > MaxLine)
            {
                Interlocked.Increment(ref _malformed);
                continue;
            }

            Handle(line, time.GetUtcNow());
        }

        throw new IOException("gpsd closed the connection");
    }

    private static double? Number(JsonElement report, string name) =>
        report.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
