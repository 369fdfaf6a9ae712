using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeAlpr.TestKit.Fuzzing;

/// <summary>
/// Inputs for parser properties: random bytes and text, and a valid sample damaged one to four
/// times over (bits flipped, bytes inserted or deleted, cut short, a chunk repeated, a very long
/// run, a huge number or count written in, a token a parser might trip on spliced in).
/// </summary>
public static class Mutations
{
    /// <summary>Longest run or repetition spliced in: past a parser's line and field limits, small enough to stay quick.</summary>
    public const int LongRun = 70_000;

    // What a number field can hold to trip its parser: not a number, out of range, just past a boundary.
    public static readonly string[] Numbers =
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "-1",
        "0",
        "-0",
        "99999999999999999999",
        "2147483648",
        "-2147483649",
        "4294967296",
        "1.7976931348623157E+309",
        "00000000000000000000000000001",
    ];

    private static readonly string[] CommonTokens =
    [
        .. Numbers,
        "\n",
        "\r\n",
        "\r",
        "\0",
        ",",
        ";",
        ":",
        "\"",
        "\"\"",
        "*",
        "$",
        "#",
        " ",
        "\t",
        "\\",
        "{",
        "}",
        "[",
        "]",
        "null",
        "\u00e9",
        "\u2028",
        "\ufeff",
        "\ud83d\ude97",
    ];

    private static readonly int[] Int32s = [int.MaxValue, int.MinValue, -1, 0, 1, 0x7FFF_FFF0, 0x1000_0001, 0x4000_0000, 65_536, 256];

    private static readonly byte[] Runs = [(byte)'A', (byte)',', (byte)'"', (byte)';', (byte)'9', (byte)' ', (byte)'*', 0, 0xFF];

    /// <summary>Any bytes up to <paramref name="maxLength"/>, often short.</summary>
    public static Gen<FuzzInput> RandomBytes(int maxLength = 4096) =>
        from length in Gen.Frequency((3, Gen.Choose(0, 64)), (2, Gen.Choose(0, maxLength)))
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select new FuzzInput(bytes, "random bytes");

    /// <summary>Text from an alphabet of the parser's own characters, controls and non-ASCII, so it gets past a first check now and then.</summary>
    public static Gen<FuzzInput> RandomText(string alphabet, int maxLength = 512) =>
        from length in Gen.Choose(0, maxLength)
        from chars in Gen.ArrayOf(Gen.Frequency((6, Gen.Elements(alphabet.ToCharArray())), (1, Gen.Choose(0, 0xFFFF).Select(c => (char)c))), length)
        select new FuzzInput(Encoding.UTF8.GetBytes(new string(chars)), "random text");

    /// <summary>The sample damaged one to four times; <paramref name="tokens"/> adds the format's own words to splice in.</summary>
    public static Gen<FuzzInput> Of(byte[] sample, params string[] tokens)
    {
        byte[][] words = [.. CommonTokens.Concat(tokens).Select(Encoding.UTF8.GetBytes)];
        byte[][] numbers = [.. Numbers.Select(Encoding.UTF8.GetBytes)];
        return from count in Gen.Choose(1, 4) from steps in Gen.ListOf(Step(words, numbers), count) select Apply(sample, steps);
    }

    /// <summary>Random and damaged inputs together, mostly damaged (they get further).</summary>
    public static Arbitrary<FuzzInput> Inputs(byte[] sample, params string[] tokens) =>
        Gen.Frequency((1, RandomBytes()), (4, Of(sample, tokens))).ToArbitrary();

    private static FuzzInput Apply(byte[] sample, IEnumerable<Func<byte[], (byte[] Bytes, string Made)>> steps)
    {
        byte[] bytes = sample;
        var made = new List<string>();
        foreach (var step in steps)
        {
            (bytes, string what) = step(bytes);
            made.Add(what);
        }

        return new FuzzInput(bytes, string.Join(", ", made));
    }

    private static Gen<Func<byte[], (byte[], string)>> Step(byte[][] words, byte[][] numbers)
    {
        Gen<double> at = Gen.Choose(0, 1_000_000).Select(f => f / 1_000_000.0);
        return Gen.Frequency(
            (3, from a in at from bit in Gen.Choose(0, 7) select Fn(b => FlipBit(b, a, bit))),
            (2, from a in at from v in Gen.Choose(0, 255) select Fn(b => SetByte(b, a, (byte)v))),
            (2, from a in at from n in Gen.Choose(1, 16) from seed in Gen.Choose(0, int.MaxValue) select Fn(b => InsertRandom(b, a, n, seed))),
            (2, from a in at from n in Gen.Choose(1, 64) select Fn(b => Delete(b, a, n))),
            (1, from a in at select Fn(b => Truncate(b, a))),
            (
                1,
                from a in at
                from to in at
                from n in Gen.Choose(1, 512)
                from times in Gen.Choose(1, 200)
                select Fn(b => Duplicate(b, a, to, n, times))
            ),
            (1, from a in at from r in Gen.Elements(Runs) from n in Gen.Choose(1_000, LongRun) select Fn(b => Run(b, a, r, n))),
            (3, from a in at from w in Gen.Elements(words) from replace in Gen.Elements(true, false) select Fn(b => Token(b, a, w, replace))),
            (2, from a in at from w in Gen.Elements(words) select Fn(b => Field(b, a, w))),
            (3, from a in at from w in Gen.Elements(numbers) select Fn(b => Field(b, a, w))),
            (2, from a in at select Fn(HugeNumber(a))),
            (2, from a in at from v in Gen.Elements(Int32s) select Fn(b => Int32(b, a, v)))
        );
    }

    private static Func<byte[], (byte[], string)> Fn(Func<byte[], (byte[], string)> f) => f;

    private static int Pos(byte[] b, double at, int extra = 0) => (int)(at * (b.Length + extra));

    private static (byte[], string) FlipBit(byte[] b, double at, int bit)
    {
        if (b.Length == 0)
        {
            return (b, "flip (empty)");
        }

        byte[] c = (byte[])b.Clone();
        int i = Math.Min(Pos(b, at), b.Length - 1);
        c[i] ^= (byte)(1 << bit);
        return (c, $"bit {bit} of byte {i} flipped");
    }

    private static (byte[], string) SetByte(byte[] b, double at, byte value)
    {
        if (b.Length == 0)
        {
            return (b, "set (empty)");
        }

        byte[] c = (byte[])b.Clone();
        int i = Math.Min(Pos(b, at), b.Length - 1);
        c[i] = value;
        return (c, $"byte {i} set to {value:X2}");
    }

    private static (byte[], string) InsertRandom(byte[] b, double at, int n, int seed)
    {
        byte[] insert = new byte[n];
        new Random(seed).NextBytes(insert);
        int i = Pos(b, at, 1);
        return ([.. b.AsSpan(0, i), .. insert, .. b.AsSpan(i)], $"{n} random bytes inserted at {i}");
    }

    private static (byte[], string) Delete(byte[] b, double at, int n)
    {
        int i = Pos(b, at);
        n = Math.Min(n, b.Length - i);
        return ([.. b.AsSpan(0, i), .. b.AsSpan(i + n)], $"{n} bytes deleted at {i}");
    }

    private static (byte[], string) Truncate(byte[] b, double at)
    {
        int i = Pos(b, at);
        return (b[..i], $"cut to {i} bytes");
    }

    private static (byte[], string) Duplicate(byte[] b, double from, double to, int n, int times)
    {
        int i = Pos(b, from);
        n = Math.Min(n, b.Length - i);
        times = Math.Max(1, Math.Min(times, LongRun / Math.Max(1, n)));
        int j = Pos(b, to, 1);
        var c = new List<byte>(b.Length + (n * times));
        c.AddRange(b.AsSpan(0, j));
        for (int k = 0; k < times; k++)
        {
            c.AddRange(b.AsSpan(i, n));
        }

        c.AddRange(b.AsSpan(j));
        return ([.. c], $"{n} bytes from {i} repeated {times} times at {j}");
    }

    private static (byte[], string) Run(byte[] b, double at, byte value, int n)
    {
        int i = Pos(b, at, 1);
        return ([.. b.AsSpan(0, i), .. Enumerable.Repeat(value, n), .. b.AsSpan(i)], $"{n} × {value:X2} inserted at {i}");
    }

    private static (byte[], string) Token(byte[] b, double at, byte[] word, bool replace)
    {
        int i = Pos(b, at, 1);
        int cut = replace ? Math.Min(word.Length, b.Length - i) : 0;
        return (
            [.. b.AsSpan(0, i), .. word, .. b.AsSpan(i + cut)],
            $"'{Encoding.UTF8.GetString(word)}' {(replace ? "written over" : "inserted at")} {i}"
        );
    }

    /// <summary>
    /// The field around the point (between ',', ';', ':', '=', '*' or line ends) replaced whole by a token: a
    /// number field becoming "NaN", say.
    /// </summary>
    private static (byte[], string) Field(byte[] b, double at, byte[] word)
    {
        ReadOnlySpan<byte> separators = ",;:=*\n\r"u8;
        int i = Math.Min(Pos(b, at), b.Length);
        int start = i == 0 ? 0 : b.AsSpan(0, i).LastIndexOfAny(separators) + 1;
        int end = b.AsSpan(i).IndexOfAny(separators) is var n and >= 0 ? i + n : b.Length;
        return ([.. b.AsSpan(0, start), .. word, .. b.AsSpan(end)], $"field at {start} replaced by '{Encoding.UTF8.GetString(word)}'");
    }

    /// <summary>The digit run nearest the point made enormous: a count, length or version a parser might size something by.</summary>
    private static Func<byte[], (byte[], string)> HugeNumber(double at) =>
        b =>
        {
            int i = Pos(b, at);
            while (i < b.Length && !char.IsAsciiDigit((char)b[i]))
            {
                i++;
            }

            if (i >= b.Length)
            {
                return (b, "no number to enlarge");
            }

            int end = i;
            while (end < b.Length && char.IsAsciiDigit((char)b[end]))
            {
                end++;
            }

            byte[] huge = "9223372036854775807999"u8.ToArray();
            return ([.. b.AsSpan(0, i), .. huge, .. b.AsSpan(end)], $"number at {i} made huge");
        };

    /// <summary>Four bytes written over with a little-endian count that is huge, negative or just past a boundary (binary formats).</summary>
    private static (byte[], string) Int32(byte[] b, double at, int value)
    {
        if (b.Length < 4)
        {
            return (b, "int32 (too short)");
        }

        byte[] c = (byte[])b.Clone();
        int i = Math.Min(Pos(b, at), b.Length - 4);
        BinaryPrimitives.WriteInt32LittleEndian(c.AsSpan(i), value);
        return (c, $"int32 {value} written at {i}");
    }
}
