using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.HotLists;

/// <summary>What an accepted update did: the version now in use, the counts, and hits found in past reads.</summary>
public sealed record UpdateOutcome(
    string Kind,
    long Version,
    int Entries,
    int Added,
    int Removed,
    ImportSummary? Import,
    IReadOnlyList<HotListHit> RetroactiveHits
)
{
    /// <summary>The local entries a removal took out of the list (empty for any other change).</summary>
    public IReadOnlyList<HotListEntry> RemovedEntries { get; init; } = [];

    /// <summary>
    /// The <c>hotlist_update</c> audit details of a verified signed update, one shape however it came:
    /// <paramref name="cameBy"/> says how (the broker's topic, or brought by hand).
    /// </summary>
    public Dictionary<string, object?> UpdateAuditDetails(KeyValuePair<string, object?> cameBy, string payloadSha256) =>
        new(StringComparer.Ordinal)
        {
            ["kind"] = Kind,
            ["version"] = Version,
            ["entries"] = Entries,
            ["added"] = Added,
            ["removed"] = Removed,
            ["signature"] = "verified",
            [cameBy.Key] = cameBy.Value,
            ["payload_sha256"] = payloadSha256,
            ["retroactive_hits"] = RetroactiveHits.Count,
        };
}
