using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Location;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Location;

/// <summary>
/// NMEA 0183 straight from a serial receiver, for boards without gpsd: RMC, GGA and VTG are
/// checked against their checksums and used; malformed sentences are counted and skipped. The
/// port is opened again with backoff if it goes away (a USB receiver unplugged).
/// </summary>
public sealed class SerialNmeaSource(string port, int baudRate, TimeSpan reconnectMin, TimeSpan reconnectMax, TimeProvider time, ILogger logger) : IGpsSource
{
    private readonly NmeaFixBuilder _builder = new("nmea");
    private readonly Lock _gate = new();

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

    public long Malformed
    {
        get
        {
            lock (_gate)
            {
                return _builder.Malformed;
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
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var serial = new System.IO.Ports.SerialPort(port, baudRate) { NewLine = "\n", ReadTimeout = 1000, Encoding = System.Text.Encoding.ASCII };
                serial.Open();
                logger.LogInformation("GPS: reading NMEA from {Port} at {Baud} baud", port, baudRate);
                backoff.Reset();
                while (!cancellationToken.IsCancellationRequested)
                {
                    string line;
                    try
                    {
                        line = serial.ReadLine();
                    }
                    catch (TimeoutException)
                    {
                        continue;
                    }

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
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                logger.LogWarning("GPS: serial port {Port}: {Reason}; trying again", port, ex.Message);
            }

            cancellationToken.WaitHandle.WaitOne(backoff.Next());
        }
    }
}
