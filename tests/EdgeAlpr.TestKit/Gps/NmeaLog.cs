using System.Globalization;

namespace EdgeAlpr.TestKit.Gps;

/// <summary>An NMEA log of a patrol car heading west at 12.5 knots: one RMC and one GGA a second, with their checksums.</summary>
public static class NmeaLog
{
    public const double StartLatitude = 41.8781;
    public const double Longitude = -87.6298;
    public const double SpeedKnots = 12.5;
    public const double Track = 270;

    public static IReadOnlyList<string> Sentences(int seconds, double latitudeStep = 0.00001)
    {
        var lines = new List<string>();
        for (int i = 0; i < seconds; i++)
        {
            string time = $"1200{i % 60:D2}.00";
            string lat = Coordinate(StartLatitude + (i * latitudeStep), 2);
            string lon = Coordinate(Math.Abs(Longitude), 3);
            lines.Add(Sentence($"GPRMC,{time},A,{lat},N,{lon},W,{SpeedKnots:F1},{Track:F1},011226,,,A"));
            lines.Add(Sentence($"GPGGA,{time},{lat},N,{lon},W,1,09,0.8,182.0,M,-34.0,M,,"));
        }

        return lines;
    }

    public static string Write(string path, int seconds)
    {
        File.WriteAllText(path, string.Join("\r\n", Sentences(seconds)) + "\r\n");
        return path;
    }

    public static string Sentence(string body) => $"${body}*{Checksum(body)}";

    /// <summary>
    /// NMEA 0183's checksum: the XOR of the characters between '$' and '*', as two upper-case hex digits (written
    /// here, not taken from the parser under test).
    /// </summary>
    public static string Checksum(string body)
    {
        byte sum = 0;
        foreach (char c in body)
        {
            sum ^= (byte)c;
        }

        return sum.ToString("X2", CultureInfo.InvariantCulture);
    }

    private static string Coordinate(double degrees, int degreeDigits)
    {
        int d = (int)degrees;
        double minutes = (degrees - d) * 60;
        return d.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture) + minutes.ToString("00.00000", CultureInfo.InvariantCulture);
    }
}
