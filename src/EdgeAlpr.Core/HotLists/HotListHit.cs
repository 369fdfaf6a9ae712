namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// A read matched to a hot-list entry: a potential hit, never grounds for action on its own.
/// </summary>
public sealed record HotListHit(HotListEntry Entry, MatchKind Kind, float Score, string MatchedText, int CandidateRank, int Priority, bool Alert)
{
    /// <summary>The directive's rule, carried by every hit so no screen or message can drop it.</summary>
    public const string VerificationInstruction =
        "Potential hit: verify it through LEADS/NCIC (or the listing source) before any enforcement action.";

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Performance",
        "CA1822",
        Justification = "An instance property so every serialised hit carries it."
    )]
    public string Verify => VerificationInstruction;

    /// <summary>Set for hits found by matching reads from before the entry was added.</summary>
    public RetroactiveRead? Retroactive { get; init; }
}

/// <summary>The earlier read a retroactive hit was found on.</summary>
public sealed record RetroactiveRead(Guid ReadId, string CameraId, DateTimeOffset SeenAt, TimeSpan Before);
