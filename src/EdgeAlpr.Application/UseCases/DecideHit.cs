using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// An officer looks at the hits and accepts or rejects one: an acceptance must say what it was verified with (LEADS
/// or NCIC) before any enforcement action; the decision is kept, audited under the signed-in officer and forwarded.
/// Looking is audited too (a hit is a record about a person). <c>edge-alpr hits</c>, the console and the in-cab
/// buttons (as the officer on shift) all come here.
/// </summary>
public sealed class DecideHit(IReadStore reads, IAuditLog audit)
{
    /// <summary>The hits awaiting a decision (or all), newest first, each with its latest decision; audited as <c>hits_listed</c>.</summary>
    public IReadOnlyList<HitSummary> List(AuthenticatedUser actor, int max, bool undecidedOnly)
    {
        Access.Authorize(actor, Permission.ViewLiveReads, audit, "hits_list");
        IReadOnlyList<HitSummary> hits = reads.ListHits(max, undecidedOnly);
        audit.RecordAudit(
            "hits_listed",
            null,
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["undecided_only"] = undecidedOnly,
                ["shown"] = hits.Count,
                ["hit_ids"] = hits.Select(h => h.Hit.Id).ToList(),
            },
            actor.Login
        );
        return hits;
    }

    /// <summary>The hits whose id starts with <paramref name="prefix"/> (an officer types a short id); each one found is audited as viewed.</summary>
    public IReadOnlyList<StoredHit> Find(AuthenticatedUser actor, string prefix)
    {
        Access.Authorize(actor, Permission.ViewLiveReads, audit, "hit_view", prefix);
        IReadOnlyList<StoredHit> found = reads.FindHitsByPrefix(prefix);
        if (found.Count == 1)
        {
            Viewed(actor, found[0]);
        }

        return found;
    }

    /// <summary>Records that <paramref name="actor"/> was shown <paramref name="hit"/> in full (its record, its images).</summary>
    public void Viewed(AuthenticatedUser actor, StoredHit hit)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(hit);
        audit.RecordAudit(
            "hit_viewed",
            hit.Id.ToString(),
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["read_id"] = hit.ReadId,
                ["plate"] = hit.Record.Plate,
                ["category"] = hit.Record.Category,
            },
            actor.Login
        );
    }

    /// <summary>Records <paramref name="officer"/>'s decision (whatever officer the decision names is replaced); returns it as kept.</summary>
    public StoredDisposition Decide(AuthenticatedUser officer, HitDisposition decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Access.Authorize(officer, Permission.DecideHits, audit, "hit_decide", decision.HitId.ToString());
        return Keep(decision with { Officer = officer.Login });
    }

    /// <summary>
    /// A decision from the in-cab buttons: attributed to the officer on shift, or recorded as made by the button with
    /// nobody signed on (the press is evidence of what happened in the car and is never dropped).
    /// </summary>
    public StoredDisposition DecideAtButton(HitDisposition decision, OnShift? onShift)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return Keep(decision with { Officer = onShift?.Officer.Login ?? Shift.NobodySignedOn });
    }

    private StoredDisposition Keep(HitDisposition decision)
    {
        Guid id = reads.RecordDisposition(decision);
        return reads.FindDisposition(id)
            ?? throw new StoreException($"the decision {id} on hit {decision.HitId} was recorded but cannot be read back");
    }
}
