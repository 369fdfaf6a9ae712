using System.Globalization;
using EdgeAlpr.Core.Location;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests.Location;

public class NmeaTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_classic_RMC_GGA_VTG_sentences_give_position_time_speed_course_and_quality()
    {
        var builder = new NmeaFixBuilder();
        Assert.NotNull(builder.Add("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", Now));
        GpsFix fix = builder.Add("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", Now)!;
        Assert.Equal(48.1173, fix.Latitude, 4);
        Assert.Equal(11.516667, fix.Longitude, 5);
        Assert.Equal(FixMode.Fix3D, fix.Mode);
        Assert.Equal(1, fix.Quality);
        Assert.Equal(8, fix.Satellites);
        Assert.Equal(0.9, fix.Hdop);
        Assert.Equal(545.4, fix.AltitudeM);
        Assert.Equal(22.4 * 1852 / 3600, fix.SpeedMps!.Value, 3);
        Assert.Equal(84.4, fix.HeadingDeg);
        Assert.Equal(new DateTimeOffset(1994, 3, 23, 12, 35, 19, TimeSpan.Zero), fix.GpsTime);

        builder.Add("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48", Now);
        Assert.Equal(54.7, builder.Current!.HeadingDeg);
        Assert.Equal(10.2 / 3.6, builder.Current.SpeedMps!.Value, 3);
        Assert.Equal(3, builder.Accepted);
        Assert.Equal(0, builder.Malformed);
    }

    [Fact]
    public void Southern_and_western_hemispheres_are_negative()
    {
        var builder = new NmeaFixBuilder();
        GpsFix fix = builder.Add(Sentence("GNRMC,001500.00,A,3352.1280,S,15112.5400,W,0.0,,011226,,,A"), Now)!;
        Assert.Equal(-(33 + (52.128 / 60)), fix.Latitude, 6);
        Assert.Equal(-(151 + (12.54 / 60)), fix.Longitude, 6);
        Assert.Null(fix.HeadingDeg);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 15, 0, TimeSpan.Zero), fix.GpsTime);
    }

    [Theory]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B", "checksum mismatch")]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W", "no checksum")]
    [InlineData("GPRMC,123519,A*00", "does not start with '$'")]
    [InlineData("$GPRMC,12351\u00e9,A*00", "outside printable ASCII")]
    [InlineData("$GPRMC,123519,A,48O7.038,N,01131.000,E,,,230394,,*62", "is not a coordinate")]
    public void Malformed_sentences_are_counted_and_skipped(string line, string problem)
    {
        var builder = new NmeaFixBuilder();
        Assert.Null(builder.Add(line, Now));
        Assert.Equal(1, builder.Malformed);
        Assert.Contains(problem, builder.LastProblem, StringComparison.Ordinal);
        Assert.NotNull(builder.Add("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", Now));
    }

    /// <summary>
    /// Sentences with a correct checksum whose fields a lenient parser reads as a wrong fix on the globe (the lines on
    /// which Iot.Device.Nmea0183 gave a position, or threw; src/EdgeAlpr.Location.Gps/README.md): each is malformed here.
    /// </summary>
    [Theory]
    [InlineData("GPRMC,123519,A,4875.000,N,01131.000,E,022.4,084.4,230394,,", "'4875.000' is not a coordinate")] // 75 minutes
    [InlineData("GPRMC,123519,A,1e3,N,01131.000,E,022.4,084.4,230394,,", "'1e3' is not a coordinate")] // read as 10°
    [InlineData("GPRMC,123519,A, 4807.038,N,01131.000,E,022.4,084.4,230394,,", "' 4807.038' is not a coordinate")]
    [InlineData("GPRMC,123519,A,-4807.038,N,01131.000,E,022.4,084.4,230394,,", "'-4807.038' is not a coordinate")] // read as 47.45° S
    [InlineData("GPRMC,123519,A,4807.038,N,01131.000,N,022.4,084.4,230394,,", "hemisphere 'N' is not E or W")] // read as east
    [InlineData("GPGGA,123519,4807.038,,01131.000,E,1,08,0.9,545.4,M,46.9,M,,", "hemisphere '' is not N or S")] // read as latitude 0
    [InlineData("GPRMC,123519,A,4807.038,N,99931.000,E,022.4,084.4,230394,,", "off the globe")] // read as longitude 999.5
    [InlineData("GPRMC,995999,A,4807.038,N,01131.000,E,022.4,084.4,230394,,", "'995999' is not a time")] // read as 04:00:39
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,1,2147483648,0.9,545.4,M,46.9,M,,", "is not a whole number")] // OverflowException
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,1,08,NaN,545.4,M,46.9,M,,", "'NaN' is not a number")] // HDOP NaN
    public void A_field_a_lenient_parser_would_misread_makes_the_sentence_malformed_not_a_wrong_fix(string body, string problem)
    {
        var builder = new NmeaFixBuilder();
        Assert.Null(builder.Add(Sentence(body), Now));
        Assert.Null(builder.Current);
        Assert.Equal(1, builder.Malformed);
        Assert.Contains(problem, builder.LastProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_void_RMC_or_a_GGA_without_fix_gives_no_position()
    {
        var builder = new NmeaFixBuilder();
        builder.Add("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", Now);
        Assert.Null(builder.Add(Sentence("GPRMC,123520,V,,,,,,,230394,,"), Now.AddSeconds(1)));
        Assert.Equal(FixMode.NoFix, builder.Current!.Mode);
        Assert.False(builder.Current.HasPosition);
        Assert.Null(builder.Add(Sentence("GPGGA,123521,,,,,0,00,99.9,,M,,M,,"), Now.AddSeconds(2)));
        Assert.Equal(3, builder.Accepted);
        Assert.Equal(0, builder.Malformed);
    }

    [Fact]
    public void Other_sentence_types_are_ignored_not_counted_as_errors()
    {
        var builder = new NmeaFixBuilder();
        builder.Add(Sentence("GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00"), Now);
        Assert.Equal(1, builder.Ignored);
        Assert.Equal(0, builder.Malformed);
    }

    [Fact]
    public void Staleness_is_judged_on_the_units_clock()
    {
        var fix = new GpsFix(41.88, -87.63, FixMode.Fix3D, Now, "gpsd");
        Assert.False(fix.IsStale(Now.AddSeconds(4), TimeSpan.FromSeconds(5)));
        Assert.True(fix.IsStale(Now.AddSeconds(6), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Distances_are_great_circle_metres()
    {
        // One minute of latitude is about a nautical mile (exactly one on a sphere of 6,366.7 km; the mean radius gives 1,853 m).
        Assert.InRange(GeoDistance.Meters(41, -87, 41 + (1.0 / 60), -87), 1852, 1854);
        Assert.Equal(0, GeoDistance.Meters(41.88, -87.63, 41.88, -87.63), 6);
    }

    [Property(MaxTest = 300)]
    public Property Any_position_written_as_NMEA_reads_back_within_a_centimetre() =>
        Prop.ForAll(Gen.Choose(-899_999, 899_999).ToArbitrary(), Gen.Choose(-1_799_999, 1_799_999).ToArbitrary(), (la, lo) =>
        {
            double lat = la / 10_000.0,
                lon = lo / 10_000.0;
            var builder = new NmeaFixBuilder();
            GpsFix fix = builder.Add(
                Sentence($"GPRMC,120000,A,{Nmea(lat, 2)},{(lat < 0 ? "S" : "N")},{Nmea(lon, 3)},{(lon < 0 ? "W" : "E")},0.0,0.0,011226,,"),
                Now
            )!;
            return Math.Abs(fix.Latitude - lat) < 1e-7 && Math.Abs(fix.Longitude - lon) < 1e-7;
        });

    /// <summary>A sentence with its checksum, as a receiver sends it.</summary>
    internal static string Sentence(string body) => $"${body}*{NmeaSentence.Checksum(body)}";

    internal static string Nmea(double degrees, int degreeDigits)
    {
        double a = Math.Abs(degrees);
        int d = (int)a;
        double minutes = (a - d) * 60;
        return d.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture) + minutes.ToString("00.000000", CultureInfo.InvariantCulture);
    }
}
