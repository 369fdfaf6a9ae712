using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Wire;

namespace EdgeAlpr.Agent.Output;

/// <summary>One read as <c>edge-alpr process</c> writes it: one JSON line, images as files beside it.</summary>
public sealed record ReadRecord(
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
    ImageRecord PlateImage,
    ImageRecord ContextImage)
{
    /// <summary>Hot-list hits of this read (null when it was not matched; empty when nothing matched).</summary>
    public IReadOnlyList<HitRecord>? Hits { get; init; }

    public static ReadRecord From(PlateRead r, ImageRecord plateImage, ImageRecord contextImage) => new(
        r.Id,
        r.DeviceId,
        r.CameraId,
        r.Direction,
        r.CapturedAt,
        r.FirstSeen,
        r.LastSeen,
        r.Plate,
        WireJson.Round(r.Confidence),
        CandidateRecord.From(r.Candidates),
        RegionRecord.From(r.Region),
        BoxRecord.From(r.Box),
        r.FramesUsed,
        LocationRecord.From(r.Location),
        plateImage,
        contextImage);
}

/// <summary>An evidence image file: where it is (relative to the reads file), its SHA-256, size and type.</summary>
public sealed record ImageRecord(string Path, string Sha256, long Bytes, string MediaType);
