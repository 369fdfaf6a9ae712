using System.Text;

namespace EdgeAlpr.Core.Alerts;

/// <summary>Plates spoken the way a dispatcher reads them: the NATO alphabet for letters, digits by name.</summary>
public static class PhoneticAlphabet
{
    private static readonly string[] Letters =
    [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
        "Echo",
        "Foxtrot",
        "Golf",
        "Hotel",
        "India",
        "Juliett",
        "Kilo",
        "Lima",
        "Mike",
        "November",
        "Oscar",
        "Papa",
        "Quebec",
        "Romeo",
        "Sierra",
        "Tango",
        "Uniform",
        "Victor",
        "Whiskey",
        "X-ray",
        "Yankee",
        "Zulu",
    ];

    private static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>"ABC123" → "Alpha Bravo Charlie one two three"; a '*' (unseen character) is "unknown".</summary>
    public static string Spell(string plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        var text = new StringBuilder(plate.Length * 7);
        foreach (char c in plate)
        {
            string? word = char.ToUpperInvariant(c) switch
            {
                >= 'A' and <= 'Z' and var l => Letters[l - 'A'],
                >= '0' and <= '9' => Digits[c - '0'],
                '*' => "unknown",
                _ => null,
            };
            if (word is not null)
            {
                text.Append(text.Length == 0 ? "" : " ").Append(word);
            }
        }

        return text.ToString();
    }
}
