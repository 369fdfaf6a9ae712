namespace EdgeAlpr.Core.HotLists;

/// <summary>Which kinds of match a lookup tries.</summary>
[Flags]
public enum MatchScope
{
    /// <summary>Exact plate (same, other or unknown state).</summary>
    Exact = 1,
    OcrEquivalent = 2,
    MissingOrExtraCharacter = 4,
    Wildcard = 8,
    All = Exact | OcrEquivalent | MissingOrExtraCharacter | Wildcard,
}
