using Prometheus;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Feeds Prometheus counters from running totals kept elsewhere (a camera reader's frames, the read path's reads,
/// the store's retention counts): each scrape adds what the total grew by since the last. A total that is lower
/// than the last one seen was started again by its keeper (a camera reader made anew), so all of it is new; the
/// counter keeps what it had and grows from there, never down. Setting the counter to the total instead
/// (<c>IncTo</c>) would stall it after such a restart until the new total passed the old one, losing what came
/// in between.
/// </summary>
public sealed class CounterTotals
{
    private readonly Dictionary<(string Name, string Labels), long> _last = [];

    /// <summary>Adds to <paramref name="counter"/> (the series of <paramref name="labels"/>) what <paramref name="total"/> grew by.</summary>
    public void Observe(Counter counter, long total, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var key = (counter.Name, string.Join('\u001f', labels));
        long last = _last.GetValueOrDefault(key);
        long added = total >= last ? total - last : total;
        _last[key] = total;
        ICounter series = labels.Length == 0 ? counter : counter.WithLabels(labels);
        // Inc(0) publishes a new series at 0, so a camera with nothing yet still shows.
        series.Inc(Math.Max(added, 0));
    }
}
