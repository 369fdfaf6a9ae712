namespace EdgeAlpr.Core.HotLists;

/// <summary>Wire names and base scores of the match kinds.</summary>
public static class MatchKinds
{
    private static readonly string[] WireNames =
    [
        "exact",
        "exact_state_unknown",
        "exact_other_state",
        "ocr_equivalent",
        "wildcard",
        "missing_character",
        "extra_character",
    ];

    // How much a match of each kind says by itself that the read is the listed vehicle. A dropped
    // or added character is much rarer than a confused one (none of the character errors on the US
    // and EU dev sets is one), and a read has some 250 one-character-longer neighbours on a list:
    // those kinds start low, and the read's doubt where the character goes scales them further.
    private static readonly float[] BaseScores = [1.0f, 0.95f, 0.7f, 0.9f, 0.85f, 0.25f, 0.25f];

    public static string WireName(MatchKind kind) => WireNames[(int)kind];

    public static bool TryParse(string? text, out MatchKind kind)
    {
        int i = Array.IndexOf(WireNames, text?.Trim().ToLowerInvariant());
        kind = i < 0 ? default : (MatchKind)i;
        return i >= 0;
    }

    public static float BaseScore(MatchKind kind) => BaseScores[(int)kind];
}
