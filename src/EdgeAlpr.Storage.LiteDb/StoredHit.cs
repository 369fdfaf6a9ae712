namespace EdgeAlpr.Storage;

/// <summary>
/// A hit as kept: the hot-list entry it matched (as listed when it matched), how it matched,
/// and the verification instruction that goes with every hit. Names are the wire names.
/// </summary>
public sealed record StoredHit(
    Guid Id,
    Guid ReadId,
    string CameraId,
    DateTimeOffset CreatedAt,
    string Plate,
    string? State,
    string Category,
    IReadOnlyList<string> AlsoListedAs,
    string Source,
    string Origin,
    string? RecordNumber,
    string? Reason,
    string? Vehicle,
    string? EnteredBy,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? Expires,
    string MatchKind,
    double Score,
    string MatchedText,
    int CandidateRank,
    int Priority,
    bool Alert,
    string Verify,
    StoredRetroactive? Retroactive,
    DateTimeOffset? ForwardedAt);

/// <summary>The earlier read a past-read hit was found on.</summary>
public sealed record StoredRetroactive(Guid ReadId, string CameraId, DateTimeOffset SeenAt, double MinutesBefore);
