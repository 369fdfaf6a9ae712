using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Wire;
using EdgeAlpr.Storage;

namespace EdgeAlpr.Agent.Output;

/// <summary>
/// <c>metadata.json</c> in an evidence package: the release (the dissemination record without
/// the package's own hash, which is only known once sealed) and every read with its hits and
/// images, each image with the SHA-256 it had at capture and its file in the package.
/// </summary>
public sealed record EvidenceMetadata(
    int Format,
    Guid DisseminationId,
    DateTimeOffset ReleasedAt,
    string DeviceId,
    string CaseNumber,
    string Purpose,
    string RequestedBy,
    string RecipientAgency,
    bool RecipientVerified,
    string? VerifiedBy,
    string ReleasedBy,
    IReadOnlyList<EvidenceReadRecord> Reads)
{
    public const int CurrentFormat = 1;

    public static EvidenceMetadata From(Dissemination d, string deviceId, IReadOnlyList<EvidenceReadRecord> reads) => new(
        CurrentFormat, d.Id, d.At, deviceId, d.CaseNumber, d.Purpose, d.RequestedBy, d.RecipientAgency, d.RecipientVerified, d.VerifiedBy, d.ReleasedBy, reads);
}

public sealed record EvidenceReadRecord(
    Guid ReadId,
    string DeviceId,
    string CameraId,
    string? Direction,
    DateTimeOffset CapturedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset StoredAt,
    string Plate,
    double Confidence,
    IReadOnlyList<CandidateRecord> Candidates,
    RegionRecord? Region,
    BoxRecord Box,
    int FramesUsed,
    LocationRecord? Location,
    string? State,
    IReadOnlyList<EvidenceImageRecord> Images,
    IReadOnlyList<EvidenceImageRecord> ImagesNotIncluded,
    IReadOnlyList<EvidenceHitRecord> Hits)
{
    public static EvidenceReadRecord From(ExportRead e, Func<StoredImage, string> fileOf)
    {
        StoredRead r = e.Read;
        return new EvidenceReadRecord(
            r.Id, r.DeviceId, r.CameraId, r.Direction, r.CapturedAt, r.FirstSeen, r.LastSeen, r.StoredAt, r.Plate, WireJson.Round(r.Confidence),
            CandidateRecord.From(r.Candidates), RegionRecord.From(r.Region), BoxRecord.From(r.Box), r.FramesUsed, LocationRecord.From(r.Location), r.State,
            r.Images.Where(i => e.Images.ContainsKey(i.Sha256)).Select(i => new EvidenceImageRecord(i.Role, i.Sha256, i.Bytes, i.MediaType, fileOf(i), null)).ToList(),
            e.MissingImages.Select(i => new EvidenceImageRecord(i.Role, i.Sha256, i.Bytes, i.MediaType, null, $"dropped under the storage quota on {r.ImagesDroppedAt:u}")).ToList(),
            e.Hits.Select(h => new EvidenceHitRecord(h.Id, h.CreatedAt, h.Record)).ToList());
    }
}

/// <summary>An image of a read: its SHA-256 at capture, and its file in the package (or why it is not there).</summary>
public sealed record EvidenceImageRecord(string Role, string Sha256, long Bytes, string MediaType, string? File, string? NotIncluded);

public sealed record EvidenceHitRecord(Guid HitId, DateTimeOffset CreatedAt, HitRecord Hit);
