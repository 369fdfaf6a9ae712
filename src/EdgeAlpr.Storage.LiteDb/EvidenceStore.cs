using System.Threading.Channels;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Retention;
using EdgeAlpr.FileSystem;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>
/// The unit's store-and-forward buffer: every read the agent accepts, its hits, the officers'
/// dispositions, what is still to forward, and the audit trail, kept until the platform has
/// them and retention allows. One process owns a store at a time.
/// </summary>
public sealed partial class EvidenceStore : IEvidenceStore, IReadStore, IOutbox, IAuditLog, IDisseminationLog, IRetention, IReadSearch, IStoreAdministration
{
    private readonly StoreOptions _options;
    private int _disposed;
    private readonly RetentionPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreKey _key;
    private readonly ImageStore _images;
    private readonly SyncWorkers _workers;
    private readonly FileStream _lock;
    private readonly Lock _gate = new();
    private readonly Channel<PendingRead> _incoming = Channel.CreateUnbounded<PendingRead>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private StoreDatabase? _db;
    private Task _writer = Task.CompletedTask;
    private long _outboxSequence;

    private EvidenceStore(StoreOptions options, StoreKey key, TimeProvider time, ILogger logger, FileStream lockFile, StoreDatabase db)
    {
        _options = options;
        _policy = options.Retention();
        _time = time;
        _logger = logger;
        _key = key;
        _lock = lockFile;
        _db = db;
        _images = new ImageStore(Path.Combine(options.Directory, StoreCollections.ImageFolder));
        _workers = new SyncWorkers(options.SyncParallelism);
        _health = StorageHealth.Ok(time.GetUtcNow());
    }

    public string Directory => _options.Directory;

    public IReadStore Reads => this;

    public IOutbox Outbox => this;

    public IAuditLog AuditLog => this;

    public IDisseminationLog DisseminationLog => this;

    public IRetention Retention => this;

    public IReadSearch Search => this;

    public IStoreAdministration Administration => this;

    /// <summary>
    /// Opens the store, making it on first use. A wrong key is a <see cref="StoreKeyException"/>
    /// and leaves every file as it was.
    /// </summary>
    public static EvidenceStore Open(StoreOptions options, StoreKey key, TimeProvider time, ILogger logger, bool create = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        string directory = Path.GetFullPath(options.Directory);
        if (!create && !System.IO.Directory.Exists(directory))
        {
            throw new StoreException($"no store at {directory}");
        }

        bool fresh = !System.IO.Directory.Exists(directory);
        FolderPermissions.CreateOwnerOnly(directory);
        if (fresh && Path.GetDirectoryName(directory) is { } parent)
        {
            FileSync.Directory(parent);
        }

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, StoreCollections.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreException($"the store at {directory} is in use by another process (the agent?): {ex.Message}", ex);
        }

        StoreDatabase db;
        try
        {
            db = StoreDatabase.Open(directory, key, create, options.CheckpointBytes);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }

        var store = new EvidenceStore(options, key, time, logger, lockFile, db);
        try
        {
            store.Initialize();
        }
        catch
        {
            store.CloseNow();
            throw;
        }

        store._writer = Task.Factory.StartNew(store.WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: the host's container may reach it through more than one registration (its ports).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _incoming.Writer.TryComplete();
        try
        {
            // Reads already accepted get their chance to become durable; a failing disk is not waited on forever.
            await _writer.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogError("Store closed with {Backlog} reads not yet durable: storage kept failing", Health.Backlog);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when the wait above timed out.
        }

        CloseNow();
    }

    private void CloseNow()
    {
        lock (_gate)
        {
            _db?.Dispose();
            _db = null;
        }

        _workers.Dispose();
        _lock.Dispose();
        _stop.Dispose();
    }

    private void Initialize()
    {
        _images.Initialize();
        Write(db =>
        {
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            reads.EnsureIndex("captured_at");
            reads.EnsureIndex("plate");
            reads.EnsureIndex("image_sha", "$.images[*].sha256");
            reads.EnsureIndex("candidate_text", "$.candidates[*].text");
            db.GetCollection(StoreCollections.Hits).EnsureIndex("read_id");
            db.GetCollection(StoreCollections.Hits).EnsureIndex("created_at");
            db.GetCollection(StoreCollections.Dispositions).EnsureIndex("hit_id");
            db.GetCollection(StoreCollections.Outbox).EnsureIndex("ref");
            db.GetCollection(StoreCollections.Outbox).EnsureIndex("enqueued_at");
            db.GetCollection(StoreCollections.Audit).EnsureIndex("at");
            db.GetCollection(StoreCollections.Disseminations).EnsureIndex("at");
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            if (meta.FindById("schema") is not { } schema)
            {
                meta.Insert(new BsonDocument { ["_id"] = "schema", ["version"] = StoreCollections.SchemaVersion });
                meta.Insert(new BsonDocument { ["_id"] = "created", ["at"] = StoreDocuments.Utc(_time.GetUtcNow()) });
                meta.Insert(new BsonDocument { ["_id"] = "images", ["bytes"] = 0L, ["files"] = 0L });
            }
            else if (schema["version"].AsInt32 > StoreCollections.SchemaVersion)
            {
                throw new StoreException($"the store at {Directory} was made by a newer edge-alpr (schema {schema["version"].AsInt32}); upgrade the agent");
            }

            _outboxSequence = LastOutboxSequence(db);
            ChainUnlinkedEvents(db);
            Audit(db, "store_opened", subject: null, new BsonDocument { ["key_origin"] = _key.Origin });
            return 0;
        });
    }

    /// <summary>Reopens the database after an error, when the disk or file system may have recovered.</summary>
    private StoreDatabase Reopen()
    {
        if (_db is null)
        {
            _db = StoreDatabase.Open(Directory, _key, create: false, _options.CheckpointBytes);
            _outboxSequence = Math.Max(_outboxSequence, LastOutboxSequence(_db.Db));
        }

        return _db;
    }

    /// <summary>Runs a write transaction under the store's lock; on error it rolls back, closes the database so it reopens clean, and rethrows.</summary>
    private T Write<T>(Func<LiteDatabase, T> work)
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

        RaiseOutboxChanged(queued);
        return result;
    }

    private void Discard(StoreDatabase db)
    {
        try
        {
            db.Db.Rollback();
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Rollback after a store error failed");
        }

        try
        {
            db.Dispose();
        }
        catch (Exception ex) when (ex is LiteException or IOException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Closing the database after a store error failed");
        }

        _db = null;
    }

    private T ReadOnly<T>(Func<LiteDatabase, T> work)
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

    private DateTimeOffset Now => _time.GetUtcNow();
}
