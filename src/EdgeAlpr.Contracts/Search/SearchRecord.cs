using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Contracts.Search;

/// <summary>
/// One read a search found, as <c>edge-alpr search --json</c> prints it (mapped from the application's search
/// result by <c>EdgeAlpr.Application.Wire.SearchWire</c>).
/// </summary>
public sealed record SearchRecord(
    Guid ReadId,
    DateTimeOffset CapturedAt,
    string CameraId,
    string Plate,
    string MatchedText,
    bool ByCandidate,
    double Confidence,
    string? State,
    LocationRecord? Location,
    IReadOnlyList<string> Images,
    IReadOnlyList<SearchHitRecord> Hits
);

public sealed record SearchHitRecord(Guid HitId, string Category, string Source, string MatchKind);

/// <summary>The last line of <c>edge-alpr search --json</c>: how many reads matched and the audit event that records the search.</summary>
public sealed record SearchSummary(string Query, bool Partial, string CaseNumber, int Results, int Shown, bool Truncated, long AuditEvent);
