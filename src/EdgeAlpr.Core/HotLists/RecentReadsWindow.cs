namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// The last reads in memory, bounded both by age and by count, for matching against entries
/// added later. Thread-safe: cameras add while an update reads.
/// </summary>
public sealed class RecentReadsWindow(TimeSpan window, int capacity) : IReadHistory
{
    private readonly Queue<RecentRead> _reads = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _reads.Count;
            }
        }
    }

    public void Add(RecentRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_lock)
        {
            _reads.Enqueue(read);
            while (_reads.Count > capacity || (_reads.Count > 0 && _reads.Peek().SeenAt < read.SeenAt - window))
            {
                _reads.Dequeue();
            }
        }
    }

    public IEnumerable<RecentRead> Since(DateTimeOffset from)
    {
        lock (_lock)
        {
            return _reads.Where(r => r.SeenAt >= from).ToList();
        }
    }
}
