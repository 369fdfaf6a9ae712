using System.Globalization;

namespace EdgeAlpr.Core.Location;

/// <summary>
/// One NMEA 0183 sentence (<c>$GPRMC,…*hh</c>), checked against its checksum and split into
/// fields. The talker (GP, GN, GL, …) is kept apart from the type (RMC, GGA, VTG, …).
/// </summary>
public sealed class NmeaSentence
{
    public const int MaxLength = 82; // the standard's limit, '$' to the line end

    private readonly string[] _fields;

    private NmeaSentence(string talker, string type, string[] fields)
    {
        Talker = talker;
        Type = type;
        _fields = fields;
    }

    public string Talker { get; }

    public string Type { get; }

    public int FieldCount => _fields.Length;

    /// <summary>Field <paramref name="index"/> after the address (0-based), or "" when the sentence is shorter.</summary>
    public string this[int index] => index < _fields.Length ? _fields[index] : string.Empty;

    /// <summary>Parses a line; false with the reason when it is not a well-formed sentence with a correct checksum.</summary>
    public static bool TryParse(string line, out NmeaSentence? sentence, out string? problem)
    {
        sentence = null;
        problem = null;
        string text = line.TrimEnd('\r', '\n');
        if (text.Length == 0 || text[0] != '$')
        {
            problem = "does not start with '$'";
            return false;
        }

        // Receivers in the field send up to a few characters past the limit; refuse only what is clearly not NMEA.
        if (text.Length > MaxLength + 8)
        {
            problem = $"longer than {MaxLength} characters";
            return false;
        }

        int star = text.LastIndexOf('*');
        if (star < 0 || star != text.Length - 3)
        {
            problem = "no checksum ('*hh' at the end)";
            return false;
        }

        if (!byte.TryParse(text.AsSpan(star + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte expected))
        {
            problem = $"checksum '{text[(star + 1)..]}' is not two hex digits";
            return false;
        }

        byte actual = 0;
        foreach (char c in text.AsSpan(1, star - 1))
        {
            if (c > 0x7E || c < 0x20)
            {
                problem = "holds a character outside printable ASCII";
                return false;
            }

            actual ^= (byte)c;
        }

        if (actual != expected)
        {
            problem = $"checksum mismatch (says {expected:X2}, is {actual:X2})";
            return false;
        }

        string[] parts = text[1..star].Split(',');
        string address = parts[0];
        if (address.Length != 5 || !address.All(char.IsAsciiLetterUpper))
        {
            problem = $"address '{address}' is not a talker and a sentence type (e.g. GPRMC)";
            return false;
        }

        sentence = new NmeaSentence(address[..2], address[2..], parts[1..]);
        return true;
    }

    /// <summary>The checksum a sentence body (between '$' and '*') must carry; for writing test logs and simulators.</summary>
    public static string Checksum(string body)
    {
        byte sum = 0;
        foreach (char c in body)
        {
            sum ^= (byte)c;
        }

        return sum.ToString("X2", CultureInfo.InvariantCulture);
    }
}
