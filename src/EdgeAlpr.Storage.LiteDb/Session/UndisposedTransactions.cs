using System.Collections;
using System.Reflection;
using LiteDB.Engine;

namespace EdgeAlpr.Storage;

/// <summary>
/// The transactions a closed LiteDB engine failed to dispose. LiteDB 5.0.21 closes an engine by disposing each
/// open transaction and swallows what that throws; a transaction whose pages a failed commit or rollback already
/// handed on (a full disk, a damaged page) throws there, stays undisposed, and its finalizer disposes it again on
/// the finalizer thread, where the same exception ends the process. No public API reaches those transactions, so
/// this reads the engine's transaction monitor by reflection; a LiteDB whose internals differ makes
/// <see cref="Find"/> return null, which the storage tests turn into a failure before an upgrade lands.
/// </summary>
internal static class UndisposedTransactions
{
    private static readonly FieldInfo? MonitorField = typeof(LiteEngine).GetField("_monitor", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The engine's transactions not yet disposed; null when this LiteDB's internals are not the ones known.</summary>
    public static IReadOnlyList<object>? Find(LiteEngine engine)
    {
        object? monitor = MonitorField?.GetValue(engine);
        if (monitor?.GetType().GetProperty("Transactions")?.GetValue(monitor) is not ICollection transactions)
        {
            return null;
        }

        var open = new List<object>();
        lock (transactions.SyncRoot)
        {
            foreach (object transaction in transactions)
            {
                if (transaction.GetType().GetProperty("State")?.GetValue(transaction)?.ToString() is not "Disposed")
                {
                    open.Add(transaction);
                }
            }
        }

        return open;
    }

    /// <summary>
    /// After the engine is closed: the transactions it could not dispose are left to the garbage collector without
    /// their finalizer (their pages went with the engine's cache); how many there were.
    /// </summary>
    public static int Forget(LiteEngine engine)
    {
        IReadOnlyList<object>? open = Find(engine);
        if (open is null)
        {
            return 0;
        }

        foreach (object transaction in open)
        {
            // Deliberately on another object: LiteDB's own transaction, which only LiteDB could otherwise dispose.
#pragma warning disable CA1816
            GC.SuppressFinalize(transaction);
#pragma warning restore CA1816
        }

        return open.Count;
    }
}
