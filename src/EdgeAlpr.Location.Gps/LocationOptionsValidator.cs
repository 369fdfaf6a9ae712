using Microsoft.Extensions.Options;

namespace EdgeAlpr.Location;

/// <summary>Checks the location settings at start, every problem at once.</summary>
public sealed class LocationOptionsValidator : IValidateOptions<LocationOptions>
{
    private static readonly int[] BaudRates = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800];

    public ValidateOptionsResult Validate(string? name, LocationOptions options)
    {
        List<string> problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(LocationOptions options)
    {
        var problems = new List<string>();
        if ((options.FixedLatitude is null) != (options.FixedLongitude is null))
        {
            problems.Add("Location:FixedLatitude and Location:FixedLongitude go together");
        }

        if (options.FixedLatitude is { } lat && lat is < -90 or > 90)
        {
            problems.Add($"Location:FixedLatitude must be between -90 and 90, got {lat}");
        }

        if (options.FixedLongitude is { } lon && lon is < -180 or > 180)
        {
            problems.Add($"Location:FixedLongitude must be between -180 and 180, got {lon}");
        }

        if (options.Receiver == GpsReceiver.Gpsd)
        {
            if (string.IsNullOrWhiteSpace(options.GpsdHost))
            {
                problems.Add("Location:GpsdHost is required with Location:Receiver Gpsd");
            }

            if (options.GpsdPort is < 1 or > 65535)
            {
                problems.Add($"Location:GpsdPort must be between 1 and 65535, got {options.GpsdPort}");
            }
        }

        if (options.Receiver == GpsReceiver.Serial)
        {
            if (string.IsNullOrWhiteSpace(options.SerialPort))
            {
                problems.Add("Location:SerialPort is required with Location:Receiver Serial (e.g. /dev/ttyUSB0, /dev/serial0)");
            }

            if (!BaudRates.Contains(options.BaudRate))
            {
                problems.Add($"Location:BaudRate {options.BaudRate} is not one of {string.Join(", ", BaudRates)}");
            }
        }

        if (options.StaleAfter <= TimeSpan.Zero)
        {
            problems.Add("Location:StaleAfter must be positive");
        }

        if (options.MovedAlarmMeters <= 0)
        {
            problems.Add("Location:MovedAlarmMeters must be positive");
        }

        if (options.ReconnectMin <= TimeSpan.Zero || options.ReconnectMax < options.ReconnectMin)
        {
            problems.Add("Location:ReconnectMin must be positive and Location:ReconnectMax not below it");
        }

        return problems;
    }
}
