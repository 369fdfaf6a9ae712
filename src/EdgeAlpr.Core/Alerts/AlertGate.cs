using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Alerts;

/// <summary>
/// Keeps a unit from alerting again and again for the same car: no second alert for the same
/// plate within the category's cooldown, unless the entry it matched has changed (another
/// category, record, reason or expiry). Hits whose category does not alert never pass.
/// </summary>
public sealed class AlertGate(AlertPolicy policy)
{
    private readonly Dictionary<string, (int Entry, DateTimeOffset At)> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True when this hit is to alert now; <paramref name="suppressed"/> says why not otherwise.</summary>
    public bool ShouldAlert(HotListHit hit, DateTimeOffset now, out string? suppressed)
    {
        ArgumentNullException.ThrowIfNull(hit);
        suppressed = null;
        if (!hit.Alert)
        {
            suppressed = $"alerts for {HotListCategories.WireName(hit.Entry.Category)} are turned off on this unit";
            return false;
        }

        HotListEntry e = hit.Entry;
        int entry = HashCode.Combine(e.Plate, e.State, e.Category, e.RecordNumber, e.Reason, e.Expires);
        TimeSpan cooldown = policy.Style(e.Category).Cooldown;
        lock (_gate)
        {
            if (_last.TryGetValue(hit.MatchedText, out var last) && last.Entry == entry && now - last.At < cooldown)
            {
                suppressed =
                    $"{hit.MatchedText} alerted {(now - last.At).TotalMinutes:F1} min ago for the same entry (cooldown {cooldown.TotalMinutes:F0} min)";
                return false;
            }

            _last[hit.MatchedText] = (entry, now);
            foreach (string old in _last.Where(p => now - p.Value.At > TimeSpan.FromDays(1)).Select(p => p.Key).ToList())
            {
                _last.Remove(old);
            }
        }

        return true;
    }
}
