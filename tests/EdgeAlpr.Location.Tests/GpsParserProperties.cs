using System.Text;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Location.Tests;

/// <summary>
/// What a GPS receiver or gpsd sends is outside input: the line splitter holds no more than its
/// limit of any line however the bytes come, and gpsd's reports are used or counted malformed,
/// never thrown out of the client, and no fix is off the globe.
/// </summary>
public class GpsParserProperties
{
    private static readonly byte[] Reports = Encoding.UTF8.GetBytes(
        """
        {"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}
        {"class":"SKY","device":"/dev/ttyACM0","hdop":1.1,"uSat":7,"satellites":[{"PRN":3,"el":40.0,"az":100.0,"ss":33.0,"used":true},{"PRN":4,"used":false}]}
        {"class":"TPV","device":"/dev/ttyACM0","mode":3,"time":"2026-12-01T12:00:00.000Z","lat":41.8781,"lon":-87.6298,"altMSL":182.0,"speed":6.43,"track":270.0}
        """.ReplaceLineEndings("\n") + "\n"
    );

    private static readonly string[] Tokens =
    [
        "{",
        "}",
        "[",
        "]",
        "\"class\"",
        "\"TPV\"",
        "\"SKY\"",
        "\"mode\"",
        "\"lat\"",
        "\"satellites\"",
        "true",
        "false",
        "1e308",
        "-91",
        "181",
        "3.5",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];

    [Property(MaxTest = 300)]
    public Property The_line_splitter_keeps_no_line_longer_than_its_limit_however_the_bytes_are_cut() =>
        Prop.ForAll(Mutations.Inputs(Reports, Tokens), Gen.Choose(1, 700).ToArbitrary(), (input, chunk) => CleanParse.Check(input, () =>
            {
                const int max = 256;
                var splitter = new BoundedLineSplitter(max, Encoding.UTF8);
                var lines = new List<string>();
                for (int at = 0; at < input.Bytes.Length; at += chunk)
                {
                    splitter.Feed(input.Bytes.AsSpan(at, Math.Min(chunk, input.Bytes.Length - at)), lines.Add);
                }

                (List<string> kept, int dropped) = Split(input.Bytes, max);
                if (!lines.SequenceEqual(kept) || splitter.Overlong != dropped)
                {
                    throw new InvalidOperationException($"{lines.Count} lines and {splitter.Overlong} dropped; expected {kept.Count} and {dropped}");
                }
            }));

    [Property(MaxTest = 400)]
    public Property A_gpsd_report_is_used_or_counted_malformed_and_no_fix_is_off_the_globe() =>
        Prop.ForAll(Mutations.Inputs(Reports, Tokens), input => CleanParse.Check(input, () =>
            {
                var client = new GpsdClient(
                    "127.0.0.1",
                    1,
                    TimeSpan.FromSeconds(1),
                    TimeSpan.FromSeconds(1),
                    TimeProvider.System,
                    NullLogger.Instance
                );
                foreach (string line in Encoding.UTF8.GetString(input.Bytes).Split('\n'))
                {
                    if (
                        client.Handle(line, DateTimeOffset.UtcNow) is { } fix
                        && !(
                            double.IsFinite(fix.Latitude)
                            && double.IsFinite(fix.Longitude)
                            && Math.Abs(fix.Latitude) <= 90
                            && Math.Abs(fix.Longitude) <= 180
                        )
                    )
                    {
                        throw new InvalidOperationException($"a fix off the globe: {fix}");
                    }
                }
            }));

    [Fact]
    public void A_report_with_a_position_off_the_globe_is_malformed()
    {
        var client = new GpsdClient("127.0.0.1", 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        Assert.Null(client.Handle("""{"class":"TPV","mode":3,"lat":141.8781,"lon":-87.6298}""", DateTimeOffset.UtcNow));
        Assert.Equal(1, client.Malformed);
        Assert.Null(client.Current);
    }

    [Fact]
    public void The_splitter_drops_an_endless_line_at_its_limit_and_goes_on_at_the_next_newline()
    {
        var splitter = new BoundedLineSplitter(82, Encoding.Latin1);
        var lines = new List<string>();
        byte[] garbage = new byte[1 << 20];
        Array.Fill(garbage, (byte)'A');
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 16; i++)
        {
            splitter.Feed(garbage, lines.Add); // 16 MiB without a newline
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
        splitter.Feed("\n$GPGSV,1,1*00\r\n"u8, lines.Add);
        Assert.Equal(["$GPGSV,1,1*00"], lines);
        Assert.Equal(1, splitter.Overlong);
    }

    /// <summary>The lines a splitter without a limit gives, less those over it, which are counted (a last line without its newline too).</summary>
    private static (List<string> Lines, int Dropped) Split(byte[] bytes, int max)
    {
        var lines = new List<string>();
        int dropped = 0;
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n')
            {
                continue;
            }

            int end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
            if (i - start <= max)
            {
                lines.Add(Encoding.UTF8.GetString(bytes, start, end - start));
            }
            else
            {
                dropped++;
            }

            start = i + 1;
        }

        return (lines, dropped + (bytes.Length - start > max ? 1 : 0));
    }
}
