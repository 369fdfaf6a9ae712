using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>
/// What every repository of one opened store shares: the database (reopened after an error),
/// the process lock, the image folder, the settings and clock, and the one write gate that gives
/// all of them a single commit order. Outbox ids are drawn here, because any repository's
/// transaction may queue something, and listeners hear of it only after the commit.
/// </summary>
internal sealed class StoreSession : IDisposable
{
    private readonly FileStream _lock;
    private readonly Lock _gate = new();
    private StoreDatabase? _db;
    private long _outboxSequence;
    private bool _enqueued;
    private bool _enqueuedUrgent;

    public StoreSession(StoreOptions options, StoreKey key, TimeProvider time, ILogger logger, FileStream lockFile, StoreDatabase db)
    {
        Options = options;
        Policy = options.Retention();
        Time = time;
        Logger = logger;
        Key = key;
        _lock = lockFile;
        _db = db;
        Images = new ImageStore(Path.Combine(options.Directory, StoreCollections.ImageFolder));
        Workers = new SyncWorkers(options.SyncParallelism);
    }

    /// <summary>Raised after a commit that queued something; true when a hit or disposition was among it.</summary>
    public event Action<bool>? OutboxChanged;

    public StoreOptions Options { get; }

    public RetentionPolicy Policy { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public StoreKey Key { get; }

    public ImageStore Images { get; }

    /// <summary>The threads that fsync images; their number bounds the fsyncs in flight.</summary>
    public SyncWorkers Workers { get; }

    public string Directory => Options.Directory;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Database data and log on disk; only inside <see cref="ReadOnly"/> or <see cref="Write"/>, where the database is open.</summary>
    public long DatabaseBytes => _db!.DataBytes + _db.LogBytes;

    /// <summary>What the writer retries and the quota step logs rather than throws: the disk, the database, the file system.</summary>
    public static bool IsStorageFailure(Exception ex) =>
        ex is IOException or LiteException or StoreException or UnauthorizedAccessException or InvalidOperationException;

    /// <summary>
    /// Runs a write transaction under the store's lock; on error it rolls back, closes the database so it reopens
    /// clean, and rethrows.
    /// </summary>
    public T Write<T>(Func<LiteDatabase, T> work)
    {
        T result;
        (bool Any, bool Urgent) queued;
        lock (_gate)
        {
            StoreDatabase db = Reopen();
            try
            {
                db.Db.BeginTrans();
                result = work(db.Db);
                db.Commit();
                queued = TakeEnqueued();
            }
            catch
            {
                TakeEnqueued();
                Discard(db);
                throw;
            }
        }

        // Outside the lock: a listener may read the outbox at once.
        if (queued.Any)
        {
            OutboxChanged?.Invoke(queued.Urgent);
        }

        return result;
    }

    public T ReadOnly<T>(Func<LiteDatabase, T> work)
    {
        lock (_gate)
        {
            StoreDatabase db = Reopen();
            try
            {
                return work(db.Db);
            }
            catch (Exception ex) when (ex is IOException or LiteException)
            {
                // LiteDB keeps failing once its engine has seen an I/O error: start it afresh next time.
                Discard(db);
                throw;
            }
        }
    }

    /// <summary>Starts the outbox sequence after the last id in use; called in the opening transaction.</summary>
    public void LoadOutboxSequence(LiteDatabase db) => _outboxSequence = OutboxLanes.LastSequence(db);

    /// <summary>The next outbox id in a lane: ids order delivery, so they are drawn under the write gate.</summary>
    public long NextOutboxId(long lane) => OutboxLanes.Id(lane, ++_outboxSequence);

    /// <summary>Notes that the current transaction queued something, told to listeners once it commits.</summary>
    public void NoteEnqueued(long lane)
    {
        _enqueued = true;
        _enqueuedUrgent |= lane == OutboxLanes.Urgent;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db?.Dispose();
            _db = null;
        }

        Workers.Dispose();
        _lock.Dispose();
    }

    /// <summary>Reopens the database after an error, when the disk or file system may have recovered.</summary>
    private StoreDatabase Reopen()
    {
        if (_db is null)
        {
            _db = StoreDatabase.Open(Directory, Key, create: false, Options.CheckpointBytes);
            _outboxSequence = Math.Max(_outboxSequence, OutboxLanes.LastSequence(_db.Db));
        }

        return _db;
    }

    private void Discard(StoreDatabase db)
    {
        try
        {
            db.Db.Rollback();
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidOperationException)
        {
            Logger.LogDebug(ex, "Rollback after a store error failed");
        }

        try
        {
            db.Dispose();
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidOperationException)
        {
            Logger.LogDebug(ex, "Closing the database after a store error failed");
        }

        _db = null;
    }

    private (bool Any, bool Urgent) TakeEnqueued()
    {
        (bool, bool) queued = (_enqueued, _enqueuedUrgent);
        _enqueued = _enqueuedUrgent = false;
        return queued;
    }
}
