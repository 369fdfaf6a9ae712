namespace EdgeAlpr.Uplink.Contract;

/// <summary>A read on <c>…/read</c> (and inside every hit). <see cref="Id"/> is the read's UUIDv7: the platform de-duplicates on it.</summary>
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
    IReadOnlyList<WireCandidate> Candidates,
    WireRegion? Region,
    WireBox Box,
    int FramesUsed,
    WireLocation? Location,
    string? State,
    IReadOnlyList<Guid> HitIds,
    string RetentionClass,
    bool Evidence,
    IReadOnlyList<WireImage> Images,
    IReadOnlyList<string>? ImagesWithheld);

public sealed record WireCandidate(string Text, double Probability);

public sealed record WireRegion(string Name, double Confidence);

public sealed record WireBox(double X1, double Y1, double X2, double Y2);

public sealed record WireLocation(double Lat, double Lon, string Source);
