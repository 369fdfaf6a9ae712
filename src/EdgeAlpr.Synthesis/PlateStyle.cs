namespace EdgeAlpr.Synthesis;

/// <summary>How a kind of plate looks: its proportions, colours and the pattern of its characters.</summary>
/// <param name="Name">The style's name.</param>
/// <param name="Aspect">Width over height.</param>
/// <param name="Pattern">L for a letter, D for a digit, per character.</param>
/// <param name="Caption">The region line printed on the plate (empty for none).</param>
/// <param name="Background">The plate's colour.</param>
/// <param name="Ink">The characters' colour.</param>
/// <param name="Border">The rim's colour.</param>
public sealed record PlateStyle(
    string Name,
    float Aspect,
    string Pattern,
    string Caption,
    (byte R, byte G, byte B) Background,
    (byte R, byte G, byte B) Ink,
    (byte R, byte G, byte B) Border
)
{
    public static IReadOnlyList<PlateStyle> Common { get; } =
    [
        new("us-ca", 2.0f, "DLLLDDD", "California", (246, 246, 242), (25, 35, 95), (25, 35, 95)),
        new("us-ny", 2.0f, "LLLDDDD", "NEW YORK", (250, 220, 95), (20, 40, 110), (20, 40, 110)),
        new("us-tx", 2.0f, "LLLDDDD", "TEXAS", (245, 245, 245), (20, 20, 20), (60, 60, 60)),
        new("us-il", 2.0f, "LLDDDDD", "Illinois", (240, 240, 235), (150, 20, 30), (150, 20, 30)),
        new("eu-fr", 4.7f, "LLDDDLL", "", (248, 248, 248), (15, 15, 15), (15, 15, 15)),
        new("eu-uk", 4.7f, "LLDDLLL", "", (250, 210, 40), (10, 10, 10), (10, 10, 10)),
        new("eu-es", 4.7f, "DDDDLLL", "", (248, 248, 248), (15, 15, 15), (15, 15, 15)),
    ];

    /// <summary>A random text in this style's pattern; letters avoid I, O and Q as most issuers do.</summary>
    public string RandomText(Random random)
    {
        const string letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
        return new string(Pattern.Select(c => c == 'L' ? letters[random.Next(letters.Length)] : (char)('0' + random.Next(10))).ToArray());
    }
}
