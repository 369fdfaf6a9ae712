using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// An officer looks at the hits and accepts or rejects one: an acceptance must say what it was verified with (LEADS
/// or NCIC) before any enforcement action; the decision is kept, audited under the signed-in officer and forwarded.
/// Looking is audited too (a hit is a record about a person). <c>edge-alpr hits</c>, the console and the in-cab
/// buttons (as the officer on shift) all come here. Hits are the deciding officer's: listing and opening them asks
/// <see cref="Permission.DecideHits"/>, not <see cref="Permission.ViewLiveReads"/> (which investigators hold too,
/// for the live reads).
/// </summary>
public sealed class DecideHit(IReadStore reads, IAuditLog audit)
{
    /// <summary>The hits awaiting a decision (or all), newest first, each with its latest decision; audited as <c>hits_listed</c>.</summary>
    public IReadOnlyList<HitSummary> List(AuthenticatedUser actor, int max, bool undecidedOnly) => List(actor, max, undecidedOnly, null).Hits;

    /// <summary>
    /// As <see cref="List(AuthenticatedUser, int, bool)"/>, for a screen that asks again and again: the answer's
    /// fingerprint (the hits and their latest decisions) is returned, and when it equals <paramref name="lastFingerprint"/>
    /// (what this same screen was last shown) nothing new was seen, so no <c>hits_listed</c> is recorded.
    /// </summary>
    /// <remarks>
    /// The officer's screen polls every 2 s. Auditing each poll would write 1,800 identical events an hour per open
    /// screen, burying the looks that matter and wearing the unit's storage; the trail still records every change in
    /// what the person was shown, and each hit opened in full is audited on its own (<c>hit_viewed</c>).
    /// </remarks>
    public HitListing List(AuthenticatedUser actor, int max, bool undecidedOnly, string? lastFingerprint)
    {
        Access.Authorize(actor, Permission.DecideHits, audit, "hits_list");
        IReadOnlyList<HitSummary> hits = reads.ListHits(max, undecidedOnly);
        string fingerprint = Fingerprint(hits, undecidedOnly);
        bool audited = !string.Equals(fingerprint, lastFingerprint, StringComparison.Ordinal);
        if (audited)
        {
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
        }

        return new HitListing(hits, fingerprint, audited);
    }

    /// <summary>
    /// One hit in full, with its latest decision and its read (for the images); audited as <c>hit_viewed</c>. Null
    /// (nothing audited) when there is no such hit.
    /// </summary>
    public HitView? View(AuthenticatedUser actor, Guid hitId)
    {
        Access.Authorize(actor, Permission.DecideHits, audit, "hit_view", hitId.ToString());
        if (reads.FindHit(hitId) is not { } hit)
        {
            return null;
        }

        StoredDisposition? latest = reads.DispositionsOf(hitId).Select(reads.FindDisposition).OfType<StoredDisposition>().MaxBy(d => d.DecidedAt);
        Viewed(actor, hit);
        return new HitView(hit, latest, reads.FindRead(hit.ReadId));
    }

    /// <summary>The hits whose id starts with <paramref name="prefix"/> (an officer types a short id); each one found is audited as viewed.</summary>
    public IReadOnlyList<StoredHit> Find(AuthenticatedUser actor, string prefix)
    {
        Access.Authorize(actor, Permission.DecideHits, audit, "hit_view", prefix);
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

    /// <summary>
    /// Records <paramref name="officer"/>'s decision (whatever officer the decision names is replaced); returns it as
    /// kept. A hit may be decided again: each decision is kept, and the latest is the hit's decision (an officer who
    /// accepted on a misread corrects it; the trail holds both).
    /// </summary>
    /// <exception cref="UseRefusedException">The decision breaks the rules (an acceptance without what it was verified with, …).</exception>
    /// <exception cref="UnknownHitException">There is no such hit.</exception>
    public StoredDisposition Decide(AuthenticatedUser officer, HitDisposition decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Access.Authorize(officer, Permission.DecideHits, audit, "hit_decide", decision.HitId.ToString());
        HitDisposition attributed = decision with { Officer = officer.Login };
        if (attributed.Validate() is { Count: > 0 } problems)
        {
            throw new UseRefusedException(problems);
        }

        if (reads.FindHit(decision.HitId) is null)
        {
            throw new UnknownHitException(decision.HitId);
        }

        return Keep(attributed);
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

    private static string Fingerprint(IReadOnlyList<HitSummary> hits, bool undecidedOnly) =>
        string.Join(',', hits.Select(h => $"{h.Hit.Id:N}:{h.Decision?.Id.ToString("N") ?? "-"}").Prepend(undecidedOnly ? "u" : "a"));

    private StoredDisposition Keep(HitDisposition decision)
    {
        Guid id = reads.RecordDisposition(decision);
        return reads.FindDisposition(id)
            ?? throw new StoreException($"the decision {id} on hit {decision.HitId} was recorded but cannot be read back");
    }
}
