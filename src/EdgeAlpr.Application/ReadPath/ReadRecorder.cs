using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// The agent's last step for each read: the read and its hits go to the store, which makes them
/// durable and queues them for the platform. Matching waits only while the store holds a full
/// window of reads not yet durable; a read the store cannot take is counted and reported, never
/// dropped silently. Hits that a new hot-list entry finds on reads already kept are stored with
/// those reads and alerted here too.
/// </summary>
public sealed class ReadRecorder : IDisposable
{
    private readonly IReadStore _store;
    private readonly AlertRaiser _alerts;
    private readonly ReadPathCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string? _state;
    private readonly int _window;
    private readonly SemaphoreSlim _storeWindow;

    public ReadRecorder(
        IReadStore store,
        AlertRaiser alerts,
        ReadPathOptions options,
        ReadPathCounters counters,
        TimeProvider time,
        ILogger<ReadRecorder> logger
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _alerts = alerts;
        _counters = counters;
        _time = time;
        _logger = logger;
        _state = options.State;
        _window = options.StoreWindow;
        _storeWindow = new SemaphoreSlim(options.StoreWindow, options.StoreWindow);
    }

    /// <summary>Reads in the store's hands, not yet durable.</summary>
    public int InFlight => _window - _storeWindow.CurrentCount;

    /// <summary>Hands the read and its hits to the store; returns once the store has taken it (not once it is durable).</summary>
    public async Task RecordAsync(MatchedRead matched)
    {
        ArgumentNullException.ThrowIfNull(matched);
        await _storeWindow.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Task<StoredReceipt> stored;
        try
        {
            stored = _store.StoreAsync(
                new ReadSubmission(matched.Read, matched.Hits) { State = _state, HitIds = matched.HitIds },
                CancellationToken.None
            );
        }
        catch (StoreException ex)
        {
            _storeWindow.Release();
            _counters.StoreFailed();
            _logger.ReadNotHandedToStore(matched.Read.Id, ex.Message);
            return;
        }

        _ = stored.ContinueWith(
            Stored,
            (matched.Read.Id, matched.At),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default
        );
    }

    /// <summary>Waits until every read handed to the store is durable (or reported lost).</summary>
    public async Task FlushAsync()
    {
        for (int i = 0; i < _window; i++)
        {
            await _storeWindow.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _storeWindow.Release(_window);
    }

    /// <summary>
    /// A new entry (an AMBER alert issued minutes after the car passed) matched reads already
    /// kept: the hits are stored with those reads, forwarded first, and alerted like any other,
    /// the alert saying how long ago the car was seen.
    /// </summary>
    public void PastReadsHit(IReadOnlyList<HotListHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        long at = _time.GetTimestamp();
        DateTimeOffset now = _time.GetUtcNow();
        try
        {
            foreach ((Guid hitId, HotListHit hit, string camera) in _store.RecordRetroactiveHits(hits))
            {
                _counters.Hit();
                _alerts.Raise(hit.Retroactive!.ReadId, camera, hit, hitId, at, now);
            }
        }
        catch (StoreException ex)
        {
            _logger.LogCritical("{Count} hits on past reads could not be stored: {Reason}; they are in the log above", hits.Count, ex.Message);
        }
    }

    public void Dispose() => _storeWindow.Dispose();

    private void Stored(Task<StoredReceipt> task, object? state)
    {
        _storeWindow.Release();
        (Guid readId, long readAt) = ((Guid, long))state!;
        if (task.IsCompletedSuccessfully)
        {
            _counters.StoreLatency.Add(_time.GetElapsedTime(readAt).TotalMilliseconds);
            return;
        }

        // The store held the read while it could; it gave up (disk full past its backlog, closed).
        _counters.StoreFailed();
        _logger.ReadNotStored(readId, task.Exception?.GetBaseException().Message ?? "cancelled");
    }
}
