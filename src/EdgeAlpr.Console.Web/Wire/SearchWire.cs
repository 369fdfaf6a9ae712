using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Search;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.WebConsole.Wire;

/// <summary>
/// <c>POST /api/search</c>'s body. The times are text so a bad one is named in the answer rather than failing the
/// whole body; there is no field for who searches (a <c>requested_by</c> or <c>actor</c> sent is ignored): that is
/// the session's user.
/// </summary>
public sealed record SearchRequestWire(
    string? Plate,
    string? Partial,
    string? CaseNumber,
    string? Purpose,
    string? From,
    string? To,
    string? OnBehalfOf,
    int? Limit
);

/// <summary>One image of a found read: where the console serves it (<c>GET /api/reads/{id}/images/{role}</c>).</summary>
public sealed record SearchImageWire(string Role, string MediaType, string Url);

/// <summary>
/// One read a search found: the fields of the CLI's <c>search --json</c> (<see cref="SearchRecord"/>) with its
/// images as links instead of hashes; none once the storage quota dropped them (<c>images_dropped_at</c>).
/// </summary>
public sealed record SearchResultWire(
    Guid ReadId,
    DateTimeOffset CapturedAt,
    string Plate,
    string MatchedText,
    bool ByCandidate,
    string CameraId,
    double Confidence,
    string? State,
    LocationRecord? Location,
    IReadOnlyList<SearchHitRecord> Hits,
    IReadOnlyList<SearchImageWire> Images,
    DateTimeOffset? ImagesDroppedAt
)
{
    public static SearchResultWire From(SearchMatch m)
    {
        ArgumentNullException.ThrowIfNull(m);
        StoredRead r = m.Read;
        return new SearchResultWire(
            r.Id,
            r.CapturedAt,
            r.Plate,
            m.MatchedText,
            m.ByCandidate,
            r.CameraId,
            WireJson.Round(r.Confidence),
            r.State,
            LocationRecord.From(r.Location),
            [.. m.Hits.Select(h => new SearchHitRecord(h.Id, h.Record.Category, h.Record.Source, h.Record.MatchKind))],
            r.ImagesDroppedAt is null ? [.. r.Images.Select(i => new SearchImageWire(i.Role, i.MediaType, ImageUrl(r.Id, i.Role)))] : [],
            r.ImagesDroppedAt
        );
    }

    /// <summary>The officer's page's image endpoint; each fetch of it is audited there.</summary>
    public static string ImageUrl(Guid read, string role) => $"/api/reads/{read:D}/images/{Uri.EscapeDataString(role)}";
}

/// <summary>What a search answered: the reads shown, how many matched in all, and the audit event recording it.</summary>
public sealed record SearchResponseWire(IReadOnlyList<SearchResultWire> Results, int Total, int Shown, bool Truncated, long AuditSeq);

/// <summary>The agency's rules a form shows before it is sent, so a person learns the format before a refusal.</summary>
public sealed record PolicyWire(string CaseNumberFormat, string CaseNumberPattern, int MinPurposeLength, int MaxPurposeLength, string PurposeExample);
