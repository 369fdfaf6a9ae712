using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// An officer accepts or rejects a hit: an acceptance must say what it was verified with (LEADS
/// or NCIC) before any enforcement action; the decision is kept, audited under the officer's name
/// and forwarded. The in-cab buttons, <c>edge-alpr hits</c> and the console all come here.
/// </summary>
public sealed class DecideHit(IReadStore reads)
{
    /// <summary>The hits awaiting a decision (or all), newest first, each with its latest decision.</summary>
    public IReadOnlyList<HitSummary> List(int max, bool undecidedOnly) => reads.ListHits(max, undecidedOnly);

    /// <summary>The hits whose id starts with <paramref name="prefix"/>: an officer types a short id.</summary>
    public IReadOnlyList<StoredHit> Find(string prefix) => reads.FindHitsByPrefix(prefix);

    /// <summary>Records the decision; returns it as kept.</summary>
    public StoredDisposition Decide(HitDisposition decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Guid id = reads.RecordDisposition(decision);
        return reads.FindDisposition(id)
            ?? throw new StoreException($"the decision {id} on hit {decision.HitId} was recorded but cannot be read back");
    }
}
