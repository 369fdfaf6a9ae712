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

    // How much a match of each kind says by itself that the read is the listed vehicle.
    private static readonly float[] BaseScores = [1.0f, 0.95f, 0.7f, 0.9f, 0.85f, 0.75f, 0.75f];

    public static string WireName(MatchKind kind) => WireNames[(int)kind];

    public static bool TryParse(string? text, out MatchKind kind)
    {
        int i = Array.IndexOf(WireNames, text?.Trim().ToLowerInvariant());
        kind = i < 0 ? default : (MatchKind)i;
        return i >= 0;
    }

    public static float BaseScore(MatchKind kind) => BaseScores[(int)kind];
}
