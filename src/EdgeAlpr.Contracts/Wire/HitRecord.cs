using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Contracts.Wire;

/// <summary>A hit as the agent prints and sends it: the entry (as listed when it matched), how it matched, and the verification rule.</summary>
public sealed record HitRecord(
    string Plate,
    string? State,
    string Category,
    IReadOnlyList<string>? AlsoListedAs,
    string Source,
    string? RecordNumber,
    string? Reason,
    string? Vehicle,
    string? EnteredBy,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? Expires,
    string Origin,
    string MatchKind,
    double Score,
    string MatchedText,
    int CandidateRank,
    int Priority,
    bool Alert,
    string Verify,
    RetroactiveRecord? Retroactive
)
{
    public static HitRecord From(HotListHit hit)
    {
        HotListEntry e = hit.Entry;
        return new HitRecord(
            e.Plate,
            e.State,
            HotListCategories.WireName(e.Category),
            e.AlsoListedAs.Count == 0 ? null : e.AlsoListedAs.Select(HotListCategories.WireName).ToList(),
            e.Source,
            e.RecordNumber,
            e.Reason,
            e.Vehicle,
            e.EnteredBy,
            e.EnteredAt,
            e.Expires,
            e.Origin.ToString().ToLowerInvariant(),
            MatchKinds.WireName(hit.Kind),
            WireJson.Round(hit.Score),
            hit.MatchedText,
            hit.CandidateRank,
            hit.Priority,
            hit.Alert,
            hit.Verify,
            hit.Retroactive is { } r ? new RetroactiveRecord(r.ReadId, r.CameraId, r.SeenAt, WireJson.Round(r.Before.TotalMinutes, 1)) : null
        );
    }
}

/// <summary>The earlier read a retroactive hit was found on.</summary>
public sealed record RetroactiveRecord(Guid ReadId, string CameraId, DateTimeOffset SeenAt, double MinutesAgo);
