using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>A read after matching: its hits on the hot list in use, each with the id it is stored and forwarded under.</summary>
/// <param name="Read">The read.</param>
/// <param name="Hits">Its hits, in the order the hot list found them.</param>
/// <param name="HitIds">Each hit's id, in the same order.</param>
/// <param name="At">When the read left recognition (a <see cref="TimeProvider.GetTimestamp"/> value).</param>
public sealed record MatchedRead(PlateRead Read, IReadOnlyList<HotListHit> Hits, IReadOnlyList<Guid> HitIds, long At)
{
    /// <summary>A doubtful read no hit keeps (<see cref="DoubtfulReads"/>): counted, never stored, forwarded or alerted.</summary>
    public bool Suppressed { get; init; }
}

/// <summary>
/// The matching step of every read, for <c>edge-alpr run</c> and <c>edge-alpr process</c> alike:
/// the read is taken against the hot-list snapshot in use (and the unit's state), each hit gets
/// its id, and, where alerts are raised (the agent), its alert goes on the alert queue at once,
/// before anything is written. A read recognition doubts is matched too, and kept only for the hits
/// <see cref="DoubtfulReads"/> names; otherwise it is suppressed and counted under its reason.
/// </summary>
public sealed class ReadMatcher
{
    private readonly IHotLists? _hotLists;
    private readonly string? _state;
    private readonly ReadPathCounters _counters;
    private readonly TimeProvider _time;
    private readonly AlertRaiser? _alerts;

    /// <param name="hotLists">The hot list; null: reads are not matched (no hits).</param>
    /// <param name="options">The unit's state and the queue sizes.</param>
    /// <param name="counters">The read path's counters.</param>
    /// <param name="time">The clock hit ids are made from.</param>
    /// <param name="alerts">Where hits raise alerts; null: hits raise none (<c>edge-alpr process</c>).</param>
    public ReadMatcher(IHotLists? hotLists, ReadPathOptions options, ReadPathCounters counters, TimeProvider time, AlertRaiser? alerts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hotLists = hotLists;
        _state = options.State;
        _counters = counters;
        _time = time;
        _alerts = alerts;
    }

    /// <summary>Whether reads are matched against a hot list.</summary>
    public bool Matches => _hotLists is not null;

    public ReadPathCounters Counters => _counters;

    public MatchedRead Match(SourcedRead sourced)
    {
        PlateRead read = sourced.Read;
        if (_hotLists is null)
        {
            return read.Doubt is { } unmatched ? Suppress(sourced, unmatched) : Kept(sourced);
        }

        DateTimeOffset now = _time.GetUtcNow();
        // The snapshot in use now; an update swapping in meanwhile applies to the next read.
        List<HotListHit> hits = _hotLists.Current.Hits(read.Candidates, _state, now);
        if (read.Doubt is { } doubt)
        {
            hits = DoubtfulReads.Keeping(hits);
            if (hits.Count == 0)
            {
                return Suppress(sourced, doubt);
            }

            _counters.DoubtfulKept();
        }

        _counters.Read();
        var hitIds = new Guid[hits.Count];
        for (int i = 0; i < hits.Count; i++)
        {
            hitIds[i] = Guid.CreateVersion7(now);
            _counters.Hit();
            _alerts?.Raise(read.Id, read.CameraId, hits[i], hitIds[i], sourced.At, now);
        }

        return new MatchedRead(read, hits, hitIds, sourced.At);
    }

    private MatchedRead Kept(SourcedRead sourced)
    {
        _counters.Read();
        return new MatchedRead(sourced.Read, [], [], sourced.At);
    }

    private MatchedRead Suppress(SourcedRead sourced, ReadDoubt doubt)
    {
        _counters.ReadSuppressed(doubt);
        return new MatchedRead(sourced.Read, [], [], sourced.At) { Suppressed = true };
    }
}
