using EdgeAlpr.Core.Wire;

namespace EdgeAlpr.Contracts;

/// <summary>
/// A read on <c>…/read</c> (and inside every hit), with the same parts as an <c>edge-alpr process</c>
/// line. <see cref="Id"/> is the read's UUIDv7: the platform de-duplicates on it.
/// </summary>
public sealed record ReadMessage(
    int Schema,
    string Type,
    Guid Id,
    string DeviceId,
    string CameraId,
    string? Direction,
    DateTimeOffset CapturedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Plate,
    double Confidence,
    IReadOnlyList<CandidateRecord> Candidates,
    RegionRecord? Region,
    BoxRecord Box,
    int FramesUsed,
    LocationRecord? Location,
    string? State,
    IReadOnlyList<Guid> HitIds,
    string RetentionClass,
    bool Evidence,
    IReadOnlyList<WireImage> Images,
    IReadOnlyList<string>? ImagesWithheld);
