namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// A match as the index finds it: an entry's position in its snapshot, the kind, the score and
/// which of the read's candidates matched. A value, so matching allocates nothing; turn it into
/// a <see cref="HotListHit"/> with <see cref="HotListSnapshot.Describe"/>.
/// </summary>
public readonly record struct HotListMatch(int Entry, MatchKind Kind, float Score, int Candidate);
