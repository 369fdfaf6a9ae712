using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Application.Evidence;

/// <summary>A read to keep, with the hits it gave when it was matched.</summary>
public sealed record ReadSubmission(PlateRead Read, IReadOnlyList<HotListHit> Hits)
{
    /// <summary>The state the read was matched in, kept for past-read matching.</summary>
    public string? State { get; init; }

    /// <summary>Flagged as evidence (e.g. by an officer): kept as long as a hit.</summary>
    public bool Evidence { get; init; }

    /// <summary>
    /// Ids for the hits, one per hit in order, when the caller has already told the officer of
    /// them (an alert carries its hit's id, so a button press can name it); null: the store assigns them.
    /// </summary>
    public IReadOnlyList<Guid>? HitIds { get; init; }
}
