using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;
using EdgeAlpr.FileSystem;
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
    private StoreManifest _manifest;
    private string? _damage;
    private StoreDatabase? _db;
    private CommitState _committed;
    private Action? _afterCommit;
    private long _readsThisTransaction;
    private long _outboxSequence;
    private bool _enqueued;
    private bool _enqueuedUrgent;

    public StoreSession(
        StoreOptions options,
        StoreKey key,
        StoreKeys keys,
        TimeProvider time,
        ILogger logger,
        FileStream lockFile,
        StoreDatabase db,
        StoreManifest manifest,
        CommitState committed
    )
    {
        _manifest = manifest;
        _committed = committed;
        Volume = VolumeEncryption.Describe(options.Directory);
        Options = options;
        Policy = options.Retention();
        Time = time;
        Logger = logger;
        Key = key;
        Keys = keys;
        _lock = lockFile;
        _db = db;
        Images = new ImageStore(Path.Combine(options.Directory, StoreCollections.ImageFolder), keys);
        Workers = new SyncWorkers(options.SyncParallelism);
    }

    /// <summary>Raised after a commit that queued something; true when a hit or disposition was among it.</summary>
    public event Action<bool>? OutboxChanged;

    public StoreOptions Options { get; }

    public RetentionPolicy Policy { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public StoreKey Key { get; }

    /// <summary>The keys derived from <see cref="Key"/>, one per purpose.</summary>
    public StoreKeys Keys { get; }

    public ImageStore Images { get; }

    /// <summary>The threads that fsync images; their number bounds the fsyncs in flight.</summary>
    public SyncWorkers Workers { get; }

    public string Directory => Options.Directory;

    /// <summary>Whether the store's folder is on a dm-crypt (LUKS) volume, as the kernel tells it; read once at opening.</summary>
    public string Volume { get; }

    /// <summary>The last repair, once audited: kept for the health report.</summary>
    public StoreRepairReport? LastRepair { get; private set; }

    /// <summary>A problem writing the manifest after a commit, until the next write succeeds.</summary>
    public string? ManifestProblem { get; private set; }

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
            CommitState next;
            bool checkpointed;
            try
            {
                db.Db.BeginTrans();
                _readsThisTransaction = 0;
                result = work(db.Db);
                next = _committed.Next(_readsThisTransaction);
                CommitState.Save(db.Db, next);
                checkpointed = db.Commit();
                queued = TakeEnqueued();
            }
            catch (Exception ex)
            {
                TakeEnqueued();
                _afterCommit = null;
                NoteDamage(ex);
                Discard(db);
                throw;
            }

            _committed = next;
            WriteManifest(db, checkpointed);
            Interlocked.Exchange(ref _afterCommit, null)?.Invoke();
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
            catch (Exception ex) when (ex is IOException or LiteException or StoreDamagedException)
            {
                // LiteDB keeps failing once its engine has seen an I/O error: start it afresh next time.
                NoteDamage(ex);
                Discard(db);
                throw;
            }
        }
    }

    /// <summary>Starts the outbox sequence after the last id in use; called in the opening transaction.</summary>
    public void LoadOutboxSequence(LiteDatabase db) => _outboxSequence = OutboxLanes.LastSequence(db);

    /// <summary>The next outbox id in a lane: ids order delivery, so they are drawn under the write gate.</summary>
    public long NextOutboxId(long lane) => OutboxLanes.Id(lane, ++_outboxSequence);

    /// <summary>Every page of the database's two files that does not authenticate; call inside <see cref="ReadOnly"/>.</summary>
    public List<string> PageProblems(CancellationToken cancellationToken)
    {
        StoreDatabase db = _db ?? throw new InvalidOperationException("the database is not open");
        List<string> problems = PageCheck.Pages(db.DataPages, cancellationToken);
        problems.AddRange(PageCheck.Pages(db.LogPages, cancellationToken));
        return problems;
    }

    /// <summary>
    /// Called inside the transaction that audits a repair: the report file goes once it commits
    /// (until then a crash leaves it for the next open to audit).
    /// </summary>
    public void NoteRepaired(StoreRepairReport report)
    {
        LastRepair = report;
        _afterCommit = () => File.Delete(Path.Combine(Directory, StoreRepair.ReportFile));
    }

    /// <summary>Counts reads the current transaction stores, for the manifest's high-water mark.</summary>
    public void NoteReadsStored(int count) => _readsThisTransaction += count;

    /// <summary>Notes that the current transaction queued something, told to listeners once it commits.</summary>
    public void NoteEnqueued(long lane)
    {
        _enqueued = true;
        _enqueuedUrgent |= lane == OutboxLanes.Urgent;
    }

    /// <summary>Closes the database and manifest but not the lock: a check that opened the store only to see that it opens.</summary>
    public void CloseDatabase()
    {
        lock (_gate)
        {
            _db?.Dispose();
            _db = null;
        }

        Workers.Dispose();
        _manifest.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db?.Dispose();
            _db = null;
        }

        Workers.Dispose();
        _manifest.Dispose();
        _lock.Dispose();
    }

    /// <summary>
    /// Records the commit in the manifest. Failing here is not failing the commit (it is durable):
    /// the problem is logged and kept for the health report, and the next commit writes it again.
    /// </summary>
    private void WriteManifest(StoreDatabase db, bool checkpointed)
    {
        try
        {
            ManifestState? previous = _manifest.Current;
            _manifest.Write(_committed.ToManifest(db, Now, checkpointed ? Now : previous?.LastCheckpointAt));
            ManifestProblem = null;
        }
        catch (IOException ex)
        {
            ManifestProblem = $"the manifest could not be written: {ex.Message}";
            Logger.LogError(ex, "The store's manifest could not be written after a commit");
        }
    }

    /// <summary>Set by the store: audits a repair made while it was open (inside a transaction of its own).</summary>
    public Action<LiteDatabase, StoreRepairReport>? RepairedWhileOpen { get; set; }

    /// <summary>
    /// Reopens the database after an error, when the disk or file system may have recovered. A
    /// database found damaged while open is repaired here when the settings allow, so the agent
    /// goes on storing (the reads waiting in memory meanwhile).
    /// </summary>
    private StoreDatabase Reopen()
    {
        if (_db is not null)
        {
            return _db;
        }

        if (_damage is { } damage && Options.RepairOnDamage == true)
        {
            RepairWhileOpen(damage);
            return _db!;
        }

        _db = StoreDatabase.Open(Directory, Keys, create: false, Options.CheckpointBytes);
        _outboxSequence = Math.Max(_outboxSequence, OutboxLanes.LastSequence(_db.Db));
        return _db;
    }

    /// <summary>
    /// Damage found by a check rather than an error: the database is closed so that the next use
    /// reopens it, and repairs it when the settings allow.
    /// </summary>
    public void ReportDamage(string damage)
    {
        lock (_gate)
        {
            _damage = damage;
            if (_db is { } db)
            {
                Discard(db);
            }
        }
    }

    private void NoteDamage(Exception ex)
    {
        if (ex is StoreDamagedException damaged)
        {
            _damage = damaged.Message;
            Logger.LogError(ex, "The store is damaged");
        }
    }

    private void RepairWhileOpen(string damage)
    {
        _manifest.Dispose();
        StoreRepairReport report = StoreRepair.Run(Directory, Keys, damage, Time, Logger, writesInFlight: true);
        _damage = null;
        _manifest = StoreManifest.Open(Directory, Keys);
        StoreDatabase db = StoreDatabase.Open(Directory, Keys, create: false, Options.CheckpointBytes);
        _db = db;
        _committed = CommitState.Load(db.Db) ?? _committed;
        _outboxSequence = OutboxLanes.LastSequence(db.Db);
        db.Db.BeginTrans();
        RepairedWhileOpen?.Invoke(db.Db, report);
        CommitState next = _committed.Next(0);
        CommitState.Save(db.Db, next);
        db.Commit();
        _committed = next;
        WriteManifest(db, checkpointed: false);
        Interlocked.Exchange(ref _afterCommit, null)?.Invoke();
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

        if (db.TransactionsLeftOpen > 0)
        {
            Logger.LogDebug(
                "LiteDB could not dispose {Count} transaction(s) of the failed write; they are dropped unfinalized",
                db.TransactionsLeftOpen
            );
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
