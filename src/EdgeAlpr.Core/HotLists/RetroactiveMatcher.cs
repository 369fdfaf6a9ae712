namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Past-read matching: when the list changes, earlier reads are matched again and every hit the
/// new list gives that the old one did not ("that car passed camera 2 forty minutes ago") is
/// reported, flagged as retroactive.
/// </summary>
public static class RetroactiveMatcher
{
    public static List<HotListHit> Find(HotListSnapshot before, HotListSnapshot after, IReadHistory history, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(history);
        var hits = new List<HotListHit>();
        if (window <= TimeSpan.Zero)
        {
            return hits;
        }

        foreach (RecentRead read in history.Since(now - window))
        {
            List<HotListHit> found = after.Hits(read.Candidates, read.State, now);
            if (found.Count == 0)
            {
                continue;
            }

            var known = before.Hits(read.Candidates, read.State, now).Select(Identity).ToHashSet();
            foreach (HotListHit hit in found.Where(h => !known.Contains(Identity(h))))
            {
                hits.Add(hit with { Retroactive = new RetroactiveRead(read.ReadId, read.CameraId, read.SeenAt, now - read.SeenAt) });
            }
        }

        return hits;
    }

    private static (string, string?, HotListCategory, HotListOrigin) Identity(HotListHit hit) =>
        (hit.Entry.Plate, hit.Entry.State, hit.Entry.Category, hit.Entry.Origin);
}
