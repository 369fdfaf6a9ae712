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

    /// <summary>
    /// Set when the pass is not trusted to be a read on its own (too short, an implausible box, unconfirmed); the read
    /// path keeps such a read only for a hit on a mandatory category. Neither stored nor on the wire: a kept read is a read.
    /// </summary>
    public ReadDoubt? Doubt { get; init; }

    public static Guid NewId() => Guid.CreateVersion7();
}
