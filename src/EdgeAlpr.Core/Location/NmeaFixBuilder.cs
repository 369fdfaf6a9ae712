using System.Globalization;

namespace EdgeAlpr.Core.Location;

/// <summary>
/// Builds fixes from a stream of NMEA sentences: RMC gives position, time, speed and course
/// and its validity; GGA gives fix quality, satellites, HDOP and altitude; VTG gives speed and
/// course. A malformed sentence (bad checksum, bad field) is counted and skipped; other types
/// are ignored. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class NmeaFixBuilder(string source = "nmea")
{
    private const double KnotsToMps = 1852.0 / 3600.0;
    private const double KmhToMps = 1000.0 / 3600.0;

    private int? _quality;
    private int? _satellites;
    private double? _hdop;
    private double? _altitude;
    private double? _speed;
    private double? _heading;
    private DateTime? _date;

    public GpsFix? Current { get; private set; }

    public long Accepted { get; private set; }

    public long Malformed { get; private set; }

    public long Ignored { get; private set; }

    public string? LastProblem { get; private set; }

    /// <summary>Feeds one line; returns the new fix when this sentence produced one (RMC or GGA with a position).</summary>
    public GpsFix? Add(string line, DateTimeOffset receivedAt)
    {
        if (!NmeaSentence.TryParse(line, out NmeaSentence? sentence, out string? problem))
        {
            return Bad(problem!);
        }

        try
        {
            GpsFix? fix = sentence!.Type switch
            {
                "RMC" => Rmc(sentence, receivedAt),
                "GGA" => Gga(sentence, receivedAt),
                "VTG" => Vtg(sentence),
                _ => Ignore(),
            };
            if (sentence.Type is "RMC" or "GGA" or "VTG")
            {
                Accepted++;
            }

            if (fix is not null)
            {
                Current = fix;
            }

            return fix;
        }
        catch (FormatException ex)
        {
            return Bad($"{sentence!.Talker}{sentence.Type}: {ex.Message}");
        }
    }

    private GpsFix? Ignore()
    {
        Ignored++;
        return null;
    }

    private GpsFix? Bad(string problem)
    {
        Malformed++;
        LastProblem = problem;
        return null;
    }

    private GpsFix? Rmc(NmeaSentence s, DateTimeOffset receivedAt)
    {
        // $GPRMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a*hh
        double? speed = Number(s[6]) * KnotsToMps;
        double? course = Number(s[7]);
        _speed = speed ?? _speed;
        _heading = course ?? _heading;
        if (s[1] != "A")
        {
            Current = Current is null ? null : Current with { Mode = FixMode.NoFix, ReceivedAt = receivedAt };
            return null;
        }

        (double lat, double lon) = Position(s[2], s[3], s[4], s[5]);
        _date = Date(s[8]) ?? _date;
        return new GpsFix(lat, lon, _altitude is null ? FixMode.Fix2D : FixMode.Fix3D, receivedAt, source)
        {
            SpeedMps = speed,
            HeadingDeg = course,
            GpsTime = Time(_date, s[0]),
            Quality = _quality,
            Satellites = _satellites,
            Hdop = _hdop,
            AltitudeM = _altitude,
        };
    }

    private GpsFix? Gga(NmeaSentence s, DateTimeOffset receivedAt)
    {
        // $GPGGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,q,nn,h.h,a.a,M,g.g,M,,*hh
        _quality = Integer(s[5]);
        _satellites = Integer(s[6]);
        _hdop = Number(s[7]);
        _altitude = Number(s[8]);
        if (_quality is null or 0 || s[1].Length == 0)
        {
            return null;
        }

        (double lat, double lon) = Position(s[1], s[2], s[3], s[4]);
        return new GpsFix(lat, lon, _altitude is null ? FixMode.Fix2D : FixMode.Fix3D, receivedAt, source)
        {
            Quality = _quality,
            Satellites = _satellites,
            Hdop = _hdop,
            AltitudeM = _altitude,
            SpeedMps = _speed,
            HeadingDeg = _heading,
            GpsTime = Time(_date, s[0]),
        };
    }

    private GpsFix? Vtg(NmeaSentence s)
    {
        // $GPVTG,t.t,T,m.m,M,n.n,N,k.k,K,a*hh
        _heading = Number(s[0]) ?? _heading;
        _speed = (Number(s[6]) * KmhToMps) ?? (Number(s[4]) * KnotsToMps) ?? _speed;
        if (Current is not null)
        {
            Current = Current with { SpeedMps = _speed, HeadingDeg = _heading };
        }

        return null;
    }

    private static (double Lat, double Lon) Position(string lat, string ns, string lon, string ew)
    {
        double latitude =
            Degrees(lat, 2)
            * (
                ns switch
                {
                    "N" => 1,
                    "S" => -1,
                    _ => throw new FormatException($"hemisphere '{ns}' is not N or S"),
                }
            );
        double longitude =
            Degrees(lon, 3)
            * (
                ew switch
                {
                    "E" => 1,
                    "W" => -1,
                    _ => throw new FormatException($"hemisphere '{ew}' is not E or W"),
                }
            );
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            throw new FormatException($"position {latitude}, {longitude} is off the globe");
        }

        return (latitude, longitude);
    }

    /// <summary>NMEA's (d)ddmm.mmmm to decimal degrees.</summary>
    private static double Degrees(string field, int degreeDigits)
    {
        if (
            field.Length < degreeDigits + 2
            || !TryParseFinite(field.AsSpan(degreeDigits), NumberStyles.AllowDecimalPoint, out double minutes)
            || !int.TryParse(field.AsSpan(0, degreeDigits), NumberStyles.None, CultureInfo.InvariantCulture, out int degrees)
            || minutes >= 60
        )
        {
            throw new FormatException($"'{field}' is not a coordinate in {new string('d', degreeDigits)}mm.mmmm");
        }

        return degrees + (minutes / 60);
    }

    /// <summary>GGA carries no date: its time is placed on the date of the last RMC, or left out.</summary>
    private static DateTimeOffset? Time(DateTime? date, string time)
    {
        if (time.Length < 6 || date is not { } day)
        {
            return null;
        }

        if (
            !int.TryParse(time.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(time.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !TryParseFinite(time.AsSpan(4), NumberStyles.AllowDecimalPoint, out double sec)
            || h > 23
            || m > 59
            || sec >= 61
        )
        {
            throw new FormatException($"'{time}' is not a time hhmmss.ss");
        }

        return new DateTimeOffset(day.AddHours(h).AddMinutes(m).AddSeconds(Math.Min(sec, 59.999)), TimeSpan.Zero);
    }

    private static DateTime? Date(string date)
    {
        if (date.Length == 0)
        {
            return null;
        }

        return DateTime.TryParseExact(
            date,
            "ddMMyy",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out DateTime day
        )
            ? DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)
            : throw new FormatException($"'{date}' is not a date ddmmyy");
    }

    private static double? Number(string field) =>
        field.Length == 0 ? null
        : TryParseFinite(field, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, out double v) ? v
        : throw new FormatException($"'{field}' is not a number");

    // double.TryParse takes "NaN" and "Infinity" whatever the styles, and a NaN passes every range
    // check (all comparisons are false): it would become a position or a time.
    private static bool TryParseFinite(ReadOnlySpan<char> field, NumberStyles styles, out double value) =>
        double.TryParse(field, styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static int? Integer(string field) =>
        field.Length == 0 ? null
        : int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v
        : throw new FormatException($"'{field}' is not a whole number");
}
