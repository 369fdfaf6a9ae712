using EdgeAlpr.Core.Wire;

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
    DateTimeOffset? ForwardedAt)
{
    /// <summary>The hit as every output and message writes it (the same object as in an <c>edge-alpr process</c> line).</summary>
    public HitRecord ToRecord() => new(
        Plate, State, Category, AlsoListedAs.Count > 0 ? AlsoListedAs : null, Source, RecordNumber, Reason, Vehicle, EnteredBy,
        EnteredAt, Expires, Origin, MatchKind, WireJson.Round(Score), MatchedText, CandidateRank, Priority, Alert, Verify,
        Retroactive is { } r ? new RetroactiveRecord(r.ReadId, r.CameraId, r.SeenAt, WireJson.Round(r.MinutesBefore, 1)) : null);
}

/// <summary>The earlier read a past-read hit was found on.</summary>
public sealed record StoredRetroactive(Guid ReadId, string CameraId, DateTimeOffset SeenAt, double MinutesBefore);
