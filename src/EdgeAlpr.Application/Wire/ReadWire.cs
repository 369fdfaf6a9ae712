using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Reads;
using EdgeAlpr.Contracts.Search;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Application.Wire;

/// <summary>
/// The application's records as the wire contract writes them: a stored read as a <see cref="WireRead"/>
/// (what the uplink's <c>read</c> and the package's reads are built on), a search match, a read released
/// in a package. Here rather than in Contracts, which references only Core.
/// </summary>
public static class ReadWire
{
    /// <summary>A kept read's fields, exactly as a read just made writes them (<see cref="WireRead.Of"/>).</summary>
    public static WireRead ToWire(StoredRead r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return WireRead.Of(
            r.Id,
            r.DeviceId,
            r.CameraId,
            r.Direction,
            r.CapturedAt,
            r.FirstSeen,
            r.LastSeen,
            r.Plate,
            r.Confidence,
            r.Candidates,
            r.Region,
            r.Box,
            r.FramesUsed,
            r.Location
        );
    }

    /// <summary>One read a search found (<c>edge-alpr search --json</c>).</summary>
    public static SearchRecord ToRecord(SearchMatch m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new SearchRecord(
            m.Read.Id,
            m.Read.CapturedAt,
            m.Read.CameraId,
            m.Read.Plate,
            m.MatchedText,
            m.ByCandidate,
            WireJson.Round(m.Read.Confidence),
            m.Read.State,
            LocationRecord.From(m.Read.Location),
            m.Read.Images.Select(i => i.Sha256).ToList(),
            m.Hits.Select(h => new SearchHitRecord(h.Id, h.Record.Category, h.Record.Source, h.Record.MatchKind)).ToList()
        );
    }

    /// <summary>
    /// A read released in an evidence package, each image with its file in the package (<paramref
    /// name="fileOf"/>) or why it is not there.
    /// </summary>
    public static EvidenceReadRecord ToRecord(ExportRead e, Func<StoredImage, string> fileOf)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(fileOf);
        StoredRead r = e.Read;
        return new EvidenceReadRecord(
            ToWire(r),
            r.StoredAt,
            r.State,
            r.Images.Where(i => e.Images.ContainsKey(i.Sha256))
                .Select(i => new EvidenceImageRecord(i.Role, i.Sha256, i.Bytes, i.MediaType, fileOf(i), null))
                .ToList(),
            e.MissingImages.Select(i => new EvidenceImageRecord(
                    i.Role,
                    i.Sha256,
                    i.Bytes,
                    i.MediaType,
                    null,
                    $"dropped under the storage quota on {r.ImagesDroppedAt:u}"
                ))
                .ToList(),
            e.Hits.Select(h => new EvidenceHitRecord(h.Id, h.CreatedAt, h.Record)).ToList()
        );
    }
}
