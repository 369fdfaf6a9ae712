using System.CommandLine;
using EdgeAlpr.Contracts.Gps;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Location;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Location;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary><c>edge-alpr gps [--once] [--json]</c>: the unit's current fix from gpsd, a serial NMEA receiver, or its fixed point.</summary>
internal static class GpsCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once")
        {
            Description = "Wait for the first fix with a position, print it, exit (1 if none came within --timeout)",
        };
        var json = new Option<bool>("--json") { Description = "JSON lines (the default is a line of text per fix)" };
        var receiver = new Option<GpsReceiver?>("--receiver") { Description = "Gpsd or Serial (default: Location:Receiver)" };
        var gpsd = new Option<string?>("--gpsd") { Description = "gpsd's HOST:PORT (default: Location:GpsdHost and GpsdPort, 127.0.0.1:2947)" };
        var serial = new Option<string?>("--serial") { Description = "Serial device of an NMEA receiver (default: Location:SerialPort)" };
        var baud = new Option<int?>("--baud") { Description = "Its baud rate (default: Location:BaudRate, 9600)" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds --once waits for a fix (default 30)", DefaultValueFactory = _ => 30 };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log details on stderr" };
        var command = new Command("gps", "The current GPS fix: position, speed, heading, GPS time, fix quality; stale fixes are flagged");
        foreach (Option o in new Option[] { once, json, receiver, gpsd, serial, baud, timeout, verbose })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
            {
                var overrides = new Dictionary<string, string?>();
                EngineOptions.Set(overrides, "Location:Receiver", parse.GetValue(receiver));
                if (parse.GetValue(gpsd) is { } endpoint)
                {
                    int colon = endpoint.LastIndexOf(':');
                    overrides["Location:GpsdHost"] = colon > 0 ? endpoint[..colon] : endpoint;
                    if (colon > 0)
                    {
                        overrides["Location:GpsdPort"] = endpoint[(colon + 1)..];
                    }
                }

                EngineOptions.Set(overrides, "Location:SerialPort", parse.GetValue(serial));
                EngineOptions.Set(overrides, "Location:BaudRate", parse.GetValue(baud));
                return CommandRunner.RunAsync(
                    overrides,
                    parse.GetValue(verbose) ? LogLevel.Debug : null,
                    (services, token) =>
                        RunAsync(services, parse.GetValue(once), parse.GetValue(json), TimeSpan.FromSeconds(parse.GetValue(timeout)), token),
                    ct
                );
            }
        );
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, bool once, bool json, TimeSpan timeout, CancellationToken cancellationToken)
    {
        LocationOptions options = services.GetRequiredService<IOptions<LocationOptions>>().Value;
        TimeProvider time = services.GetRequiredService<TimeProvider>();
        IGpsSource? receiver = GpsLocation.Receiver(options, time, services.GetRequiredService<ILogger<UnitLocation>>());
        if (receiver is null)
        {
            if (options.HasFixedPoint)
            {
                var fixedPoint = new GpsFix(options.FixedLatitude!.Value, options.FixedLongitude!.Value, FixMode.Fix2D, time.GetUtcNow(), "fixed");
                await PrintAsync(fixedPoint, 0, json, options, time).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await Console
                .Error.WriteLineAsync("edge-alpr: no GPS receiver is configured: set Location:Receiver (Gpsd or Serial) or give --receiver")
                .ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = new TaskCompletionSource<GpsFix>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fixes = System.Threading.Channels.Channel.CreateUnbounded<GpsFix>();
        receiver.FixReceived += fix =>
        {
            first.TrySetResult(fix);
            fixes.Writer.TryWrite(fix);
        };
        Task running = receiver.RunAsync(stop.Token);
        try
        {
            if (once)
            {
                GpsFix fix;
                try
                {
                    fix = await first.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    string said = receiver.Current is { } c ? $"the receiver reports {c.Mode}" : "nothing was heard from the receiver";
                    await Console
                        .Error.WriteLineAsync(
                            $"edge-alpr: no GPS fix within {timeout.TotalSeconds:F0} s ({said}; {receiver.Malformed} malformed sentences or reports)"
                        )
                        .ConfigureAwait(false);
                    return ExitCodes.SomeInputsFailed;
                }

                await PrintAsync(fix, receiver.Malformed, json, options, time).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await foreach (GpsFix fix in fixes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await PrintAsync(fix, receiver.Malformed, json, options, time).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped as asked.
            }
        }
    }

    private static Task PrintAsync(GpsFix fix, long malformed, bool json, LocationOptions options, TimeProvider time)
    {
        FixRecord record = FixRecord.From(fix, time.GetUtcNow(), options.StaleAfter, malformed);
        string line = json
            ? WireJson.Line(record)
            : $"{record.Source} {record.Mode} {record.Latitude:F6} {record.Longitude:F6} speed {record.SpeedMps?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} m/s heading {record.HeadingDeg?.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}° sats {record.Satellites?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} hdop {record.Hdop?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} gps time {record.GpsTime:u}{(record.Stale ? " STALE" : "")}";
        return Console.Out.WriteLineAsync(line);
    }
}
