using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Wire;

namespace EdgeAlpr.WebConsole.Endpoints;

/// <summary>Reads, hits and decisions as the officer's page receives them (snake_case on the wire; nulls left out).</summary>
public static class OfficerWire
{
    /// <summary>A read on the live screen, with where to fetch its images.</summary>
    public sealed record Read(
        Guid Id,
        DateTimeOffset CapturedAt,
        string Plate,
        double Confidence,
        string CameraId,
        string? Direction,
        Location? Location,
        IReadOnlyList<Guid> HitIds,
        IReadOnlyList<Image> Images,
        DateTimeOffset? ImagesDroppedAt
    );

    public sealed record Location(double Lat, double Lon);

    /// <summary>An image of a read: its role as stored (<c>plate</c>, <c>context</c>), type, and its URL under the session.</summary>
    public sealed record Image(string Role, string MediaType, long Bytes, string Url);

    /// <summary>A hit with its listing record, the verification instruction and its latest decision.</summary>
    public sealed record Hit(
        Guid Id,
        Guid ReadId,
        string Plate,
        string? State,
        string Category,
        int Priority,
        bool Alert,
        string MatchKind,
        string MatchedText,
        DateTimeOffset CreatedAt,
        string CameraId,
        Listing Listing,
        string Verify,
        DecisionWire? Decision,
        IReadOnlyList<Image>? Images
    );

    /// <summary>The hot-list record as it was listed when the read matched.</summary>
    public sealed record Listing(
        string Plate,
        string? State,
        string Source,
        string? RecordNumber,
        string? Reason,
        string? Vehicle,
        string? EnteredBy,
        DateTimeOffset? EnteredAt,
        DateTimeOffset? Expires,
        IReadOnlyList<string>? AlsoListedAs
    );

    public static Read Of(StoredRead r) =>
        new(
            r.Id,
            r.CapturedAt,
            r.Plate,
            Math.Round(r.Confidence, 3),
            r.CameraId,
            r.Direction,
            r.Location is { } at ? new Location(at.Latitude, at.Longitude) : null,
            r.HitIds,
            ImagesOf(r),
            r.ImagesDroppedAt
        );

    public static IReadOnlyList<Image> ImagesOf(StoredRead r) =>
        r.ImagesDroppedAt is not null
            ? []
            : [.. r.Images.Select(i => new Image(i.Role, i.MediaType, i.Bytes, $"/api/reads/{r.Id}/images/{Uri.EscapeDataString(i.Role)}"))];

    public static Hit Of(StoredHit h, StoredDisposition? decision, StoredRead? read = null) =>
        new(
            h.Id,
            h.ReadId,
            h.Record.Plate,
            h.Record.State,
            h.Record.Category,
            h.Record.Priority,
            h.Record.Alert,
            h.Record.MatchKind,
            h.Record.MatchedText,
            h.CreatedAt,
            h.CameraId,
            new Listing(
                h.Record.Plate,
                h.Record.State,
                h.Record.Source,
                h.Record.RecordNumber,
                h.Record.Reason,
                h.Record.Vehicle,
                h.Record.EnteredBy,
                h.Record.EnteredAt,
                h.Record.Expires,
                h.Record.AlsoListedAs
            ),
            h.Record.Verify,
            decision is null ? null : DecisionWire.Of(decision),
            read is null ? null : ImagesOf(read)
        );
}
