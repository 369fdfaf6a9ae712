namespace EdgeAlpr.Uplink.Contract;

/// <summary>
/// A potential hit on <c>…/hit</c>: the entry it matched, how, the read with its images, and
/// the instruction that it must be verified (LEADS/NCIC) before any enforcement action.
/// </summary>
public sealed record HitMessage(
    int Schema,
    string Type,
    Guid Id,
    Guid ReadId,
    string DeviceId,
    string CameraId,
    DateTimeOffset CreatedAt,
    WireEntry Entry,
    WireMatch Match,
    int Priority,
    bool Alert,
    string Verify,
    WireRetroactive? Retroactive,
    ReadMessage? Read);

public sealed record WireEntry(
    string Plate,
    string? State,
    string Category,
    IReadOnlyList<string>? AlsoListedAs,
    string Source,
    string Origin,
    string? RecordNumber,
    string? Reason,
    string? Vehicle,
    string? EnteredBy,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? Expires);

public sealed record WireMatch(string Kind, double Score, string MatchedText, int CandidateRank);

public sealed record WireRetroactive(Guid ReadId, string CameraId, DateTimeOffset SeenAt, double MinutesBefore);
