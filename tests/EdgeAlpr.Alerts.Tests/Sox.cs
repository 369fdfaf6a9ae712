using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeAlpr.Alerts.Tests;

/// <summary>What Debian's sox measures of a WAV file: its length and its rough frequency.</summary>
internal static partial class Sox
{
    public static async Task<(double Seconds, double RoughHz, int Rate)> StatAsync(string wav)
    {
        string stat = await RunAsync("sox", wav, "-n", "stat");
        string info = await RunAsync("soxi", "-r", wav);
        return (Field(stat, "Length (seconds)"), Field(stat, "Rough   frequency"), int.Parse(info.Trim(), CultureInfo.InvariantCulture));
    }

    private static double Field(string stat, string name)
    {
        Match m = Regex.Match(stat, Regex.Escape(name) + @":\s+(-?[0-9.]+)");
        return m.Success
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"sox stat has no '{name}': {stat}");
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        ProcessResult p = await ProcessRunner.RunAsync(program, args, timeout: null);
        // sox stat reports on stderr.
        return p.Stdout + p.Stderr;
    }
}
