using System.Globalization;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// The board's CPU temperature from the kernel's thermal zones (millidegrees in
/// <c>/sys/class/thermal/thermal_zone*/temp</c>): the zone named for the CPU (Pi: cpu-thermal,
/// Jetson: cpu-thermal or CPU-therm), else the hottest. Null where the board exposes none
/// (a VM, this container): an enclosure on a pole in the sun is where it matters.
/// </summary>
public static class CpuTemperature
{
    public static double? Read(string root = "/sys/class/thermal")
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        double? cpu = null,
            hottest = null;
        foreach (string zone in Directory.EnumerateDirectories(root, "thermal_zone*"))
        {
            if (!TryReadMilli(Path.Combine(zone, "temp"), out double celsius))
            {
                continue;
            }

            hottest = Math.Max(hottest ?? double.MinValue, celsius);
            string type = TryReadText(Path.Combine(zone, "type")) ?? string.Empty;
            if (type.Contains("cpu", StringComparison.OrdinalIgnoreCase))
            {
                cpu = Math.Max(cpu ?? double.MinValue, celsius);
            }
        }

        return (cpu ?? hottest) is { } t ? Math.Round(t, 1) : null;
    }

    private static bool TryReadMilli(string path, out double celsius)
    {
        celsius = 0;
        if (
            TryReadText(path) is not { } text
            || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long milli)
            || milli is <= -60_000 or >= 200_000
        )
        {
            // Unreadable, or a sensor reporting nonsense (some report -273 °C when off).
            return false;
        }

        celsius = milli / 1000.0;
        return true;
    }

    private static string? TryReadText(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Some zones refuse reads while their sensor is off.
            return null;
        }
    }
}
