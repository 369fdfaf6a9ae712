using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace EdgeAlpr.Storage;

/// <summary>
/// Dedicated threads for blocking file work (write + fsync). fsync blocks in the kernel for
/// milliseconds; many of them in flight let the disk commit them together, which the thread pool,
/// sized for CPU work on two cores, would not allow.
/// </summary>
internal sealed class SyncWorkers : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public SyncWorkers(int count)
    {
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"store-sync-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on every item at once and waits for all; rethrows the first failure.</summary>
    public void RunAll<T>(IReadOnlyList<T> items, Action<T> work)
    {
        if (items.Count == 0)
        {
            return;
        }

        using var done = new CountdownEvent(items.Count);
        ExceptionDispatchInfo? failure = null;
        foreach (T item in items)
        {
            _work.Add(() =>
            {
                try
                {
                    work(item);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                }
                finally
                {
                    done.Signal();
                }
            });
        }

        done.Wait();
        failure?.Throw();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _work.Dispose();
    }

    private void Run()
    {
        foreach (Action action in _work.GetConsumingEnumerable())
        {
            action();
        }
    }
}
