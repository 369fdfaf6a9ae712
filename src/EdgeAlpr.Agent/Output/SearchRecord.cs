using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Wire;
using EdgeAlpr.Storage;

namespace EdgeAlpr.Agent.Output;

/// <summary>One read a search found, as <c>edge-alpr search --json</c> prints it.</summary>
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
    IReadOnlyList<SearchHitRecord> Hits)
{
    public static SearchRecord From(SearchMatch m) => new(
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
        m.Hits.Select(h => new SearchHitRecord(h.Id, h.Record.Category, h.Record.Source, h.Record.MatchKind)).ToList());
}

public sealed record SearchHitRecord(Guid HitId, string Category, string Source, string MatchKind);

/// <summary>The last line of <c>edge-alpr search --json</c>: how many reads matched and the audit event that records the search.</summary>
public sealed record SearchSummary(string Query, bool Partial, string CaseNumber, int Results, int Shown, bool Truncated, long AuditEvent);
