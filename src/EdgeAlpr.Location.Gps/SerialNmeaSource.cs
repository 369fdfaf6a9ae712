using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Location;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Location;

/// <summary>
/// NMEA 0183 straight from a serial receiver, for boards without gpsd: RMC, GGA and VTG are
/// checked against their checksums and used; malformed sentences, and lines too long to be NMEA,
/// are counted and skipped. The port is opened again with backoff if it goes away (a USB
/// receiver unplugged).
/// </summary>
public sealed class SerialNmeaSource(string port, int baudRate, TimeSpan reconnectMin, TimeSpan reconnectMax, TimeProvider time, ILogger logger)
    : IGpsSource
{
    /// <summary>
    /// Longest line kept: a sentence is at most 82 characters (receivers' proprietary ones a few
    /// more), so a kilobyte without a newline is not NMEA; it is dropped, not buffered.
    /// </summary>
    public const int MaxLineBytes = 1024;

    private static readonly TimeSpan OverlongWarningInterval = TimeSpan.FromMinutes(1);

    private readonly NmeaFixBuilder _builder = new("nmea");
    private readonly Lock _gate = new();

    // Latin-1 keeps every byte as itself, so a byte above 0x7F is refused as not ASCII instead of passing as '?'.
    private readonly BoundedLineSplitter _lines = new(MaxLineBytes, System.Text.Encoding.Latin1);
    private long _overlong;
    private long _overlongWarned;
    private DateTimeOffset _lastOverlongWarning = DateTimeOffset.MinValue;

    public GpsFix? Current
    {
        get
        {
            lock (_gate)
            {
                return _builder.Current;
            }
        }
    }

    /// <summary>Malformed sentences and lines dropped for being longer than <see cref="MaxLineBytes"/>.</summary>
    public long Malformed
    {
        get
        {
            lock (_gate)
            {
                return _builder.Malformed + _overlong;
            }
        }
    }

    /// <summary>Of <see cref="Malformed"/>, the lines dropped unread for being longer than <see cref="MaxLineBytes"/>.</summary>
    public long Overlong
    {
        get
        {
            lock (_gate)
            {
                return _overlong;
            }
        }
    }

    public event Action<GpsFix>? FixReceived;

    public Task RunAsync(CancellationToken cancellationToken) =>
        // SerialPort reads block: a thread of its own, not a pool thread.
        Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(reconnectMin, reconnectMax);
        byte[] buffer = new byte[256];
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var serial = new System.IO.Ports.SerialPort(port, baudRate) { ReadTimeout = 1000 };
                serial.Open();
                logger.LogInformation("GPS: reading NMEA from {Port} at {Baud} baud", port, baudRate);
                backoff.Reset();
                _lines.Reset();
                while (!cancellationToken.IsCancellationRequested)
                {
                    int read;
                    try
                    {
                        // Whatever bytes have come, not a line: SerialPort.ReadLine would buffer an endless one whole.
                        read = serial.Read(buffer, 0, buffer.Length);
                    }
                    catch (TimeoutException)
                    {
                        continue;
                    }

                    _lines.Feed(buffer.AsSpan(0, read), Sentence);
                    CountOverlong();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                logger.LogWarning("GPS: serial port {Port}: {Reason}; trying again", port, ex.Message);
            }

            cancellationToken.WaitHandle.WaitOne(backoff.Next());
        }
    }

    private void Sentence(string line)
    {
        GpsFix? fix;
        lock (_gate)
        {
            fix = _builder.Add(line, time.GetUtcNow());
        }

        if (fix is not null)
        {
            FixReceived?.Invoke(fix);
        }
    }

    private void CountOverlong()
    {
        long total = _lines.Overlong;
        if (total == _overlongWarned)
        {
            return;
        }

        lock (_gate)
        {
            _overlong = total;
        }

        // A receiver at the wrong baud rate sends nothing but such lines: one warning a minute, with the count.
        DateTimeOffset now = time.GetUtcNow();
        if (now - _lastOverlongWarning >= OverlongWarningInterval)
        {
            logger.LogWarning(
                "GPS: serial port {Port}: dropped {Count} line(s) longer than {Max} bytes ({Total} since start); is the baud rate right?",
                port,
                total - _overlongWarned,
                MaxLineBytes,
                total
            );
            _overlongWarned = total;
            _lastOverlongWarning = now;
        }
    }
}
