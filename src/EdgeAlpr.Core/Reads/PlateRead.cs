using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Reads;

/// <summary>
/// One read: a plate seen in one vehicle pass, with its evidence. <see cref="Id"/> is a
/// UUIDv7, so ids sort by creation time and the platform can de-duplicate on them.
/// </summary>
public sealed record PlateRead(
    Guid Id,
    string DeviceId,
    string CameraId,
    DateTimeOffset CapturedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Plate,
    float Confidence,
    IReadOnlyList<PlateCandidate> Candidates,
    RegionGuess? Region,
    BoundingBox Box,
    int FramesUsed,
    GeoPoint? Location,
    EvidenceImage PlateImage,
    EvidenceImage ContextImage
)
{
    /// <summary>The camera's direction of view or of traffic, as configured (e.g. "northbound").</summary>
    public string? Direction { get; init; }

    public static Guid NewId() => Guid.CreateVersion7();
}
