using System.Text;
using EdgeAlpr.Core.Location;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests.Location;

/// <summary>
/// NMEA from a receiver is outside input: whatever line comes, the sentence parser answers yes or
/// no and the fix builder counts it malformed, neither throws, and no fix it gives is off the globe
/// or not a number. Damaged sentences are given a correct checksum again half the time, or almost
/// none would get past it to the fields.
/// </summary>
public class NmeaParserProperties
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Valid =
    [
        "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W",
        "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
        "GPVTG,054.7,T,034.4,M,005.5,N,010.2,K",
        "GNRMC,001500.00,A,3352.1280,S,15112.5400,W,0.0,,011226,,,A",
    ];

    private static readonly string[] Tokens =
    [
        "A",
        "V",
        "N",
        "S",
        "E",
        "W",
        "M",
        "K",
        "T",
        "GP",
        "RMC",
        "GGA",
        "VTG",
        ".",
        "..",
        "-0",
        "60",
        "99",
        "9999.9999",
    ];

    private const string Alphabet = "$*,.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-\r\n";

    [Property(MaxTest = 400)]
    public Property A_sentence_parses_or_is_refused_with_a_reason() => Prop.ForAll(Lines(), input => CleanParse.Check(input, () =>
            {
                bool ok = NmeaSentence.TryParse(input.Latin1, out NmeaSentence? sentence, out string? problem);
                if (ok ? sentence is null : problem is null)
                {
                    throw new InvalidOperationException("TryParse gave neither a sentence nor a reason");
                }
            }));

    [Property(MaxTest = 1000)]
    public Property The_fix_builder_counts_what_it_cannot_use_and_its_fixes_are_on_the_globe() =>
        Prop.ForAll(Lines(), input => CleanParse.Check(input, () =>
            {
                var builder = new NmeaFixBuilder();
                builder.Add(Sentence(Valid[0]), Now); // a date and a position to build on
                long malformed = builder.Malformed;
                GpsFix? fix = builder.Add(input.Latin1, Now);
                if (fix is null && builder.Current is null)
                {
                    throw new InvalidOperationException("the fix from the valid sentence was lost");
                }

                foreach (GpsFix f in new[] { fix, builder.Current }.OfType<GpsFix>())
                {
                    if (!OnTheGlobe(f))
                    {
                        throw new InvalidOperationException($"a fix off the globe or not a number: {f}");
                    }
                }

                if (
                    fix is null
                    && builder.Malformed == malformed
                    && builder.LastProblem is null
                    && !NmeaSentence.TryParse(input.Latin1, out _, out _)
                )
                {
                    throw new InvalidOperationException("a line that is not a sentence was not counted");
                }
            }));

    private static bool OnTheGlobe(GpsFix f) =>
        double.IsFinite(f.Latitude)
        && double.IsFinite(f.Longitude)
        && Math.Abs(f.Latitude) <= 90
        && Math.Abs(f.Longitude) <= 180
        && Finite(f.SpeedMps)
        && Finite(f.HeadingDeg)
        && Finite(f.AltitudeM)
        && Finite(f.Hdop);

    private static bool Finite(double? value) => value is not { } v || double.IsFinite(v);

    private static Arbitrary<FuzzInput> Lines()
    {
        Gen<FuzzInput> damaged =
            from body in Gen.Elements(Valid)
            from input in Mutations.Of(Encoding.ASCII.GetBytes(body), Tokens)
            from reseal in Gen.Elements(true, false)
            select reseal
                ? input with
                {
                    Bytes = Encoding.Latin1.GetBytes(Sentence(input.Latin1)),
                    Made = input.Made + ", checksum made right",
                }
                : input with
                {
                    Bytes = Encoding.Latin1.GetBytes("$" + input.Latin1 + "*00"),
                };
        // One field of a valid sentence replaced whole, checksum right: what a receiver's firmware bug sends.
        Gen<FuzzInput> swapped =
            from body in Gen.Elements(Valid)
            from index in Gen.Choose(1, body.Count(c => c == ','))
            from token in Gen.Elements(Mutations.Numbers.Concat(Tokens).ToArray())
            let fields = body.Split(',')
            let changed = string.Join(',', fields.Select((f, i) => i == index ? token : f))
            select new FuzzInput(Encoding.Latin1.GetBytes(Sentence(changed)), $"field {index} of {fields[0]} is '{token}'");
        return Gen.Frequency((1, Mutations.RandomBytes(256)), (1, Mutations.RandomText(Alphabet, 120)), (4, damaged), (4, swapped)).ToArbitrary();
    }

    private static string Sentence(string body) => $"${body}*{NmeaSentence.Checksum(body)}";
}
