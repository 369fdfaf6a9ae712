using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Application.Evidence;

/// <summary>A read as kept: its metadata, image references, and where it is in its life (forwarded, images dropped).</summary>
public sealed record StoredRead(
    Guid Id,
    string DeviceId,
    string CameraId,
    string? Direction,
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
    string? State,
    IReadOnlyList<StoredImage> Images,
    IReadOnlyList<Guid> HitIds,
    RetentionClass Class,
    bool Evidence,
    DateTimeOffset StoredAt,
    DateTimeOffset? ForwardedAt,
    DateTimeOffset? ImagesDroppedAt
);

/// <summary>An image of a read: its role ("plate", "context"), SHA-256 (its file name), size and type.</summary>
public sealed record StoredImage(string Role, string Sha256, long Bytes, string MediaType);
