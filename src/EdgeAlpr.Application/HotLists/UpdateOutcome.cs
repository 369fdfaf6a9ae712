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
}
