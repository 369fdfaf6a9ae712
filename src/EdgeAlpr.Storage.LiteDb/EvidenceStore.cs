using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.FileSystem;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>
/// The unit's store-and-forward buffer: every read the agent accepts, its hits, the officers'
/// dispositions, what is still to forward, and the audit trail, kept until the platform has
/// them and retention allows. One process owns a store at a time. This class opens and closes
/// it; the work is done by one repository per port, sharing one <see cref="StoreSession"/>.
/// </summary>
public sealed class EvidenceStore : IEvidenceStore
{
    private readonly StoreSession _session;
    private readonly ReadRepository _reads;
    private readonly OutboxRepository _outbox;
    private readonly AuditLogRepository _audit;
    private readonly DisseminationRepository _disseminations;
    private readonly RetentionRepository _retention;
    private readonly SearchRepository _search;
    private readonly AdministrationRepository _administration;
    private int _disposed;

    private EvidenceStore(StoreSession session)
    {
        _session = session;
        _outbox = new OutboxRepository(session);
        _audit = new AuditLogRepository(session, _outbox);
        _retention = new RetentionRepository(session, _audit);
        _reads = new ReadRepository(session, _outbox, _audit, _retention);
        _disseminations = new DisseminationRepository(session, _outbox, _audit);
        _search = new SearchRepository(session);
        _administration = new AdministrationRepository(session, _audit, _reads, _retention);
    }

    public IReadStore Reads => _reads;

    public IOutbox Outbox => _outbox;

    public IAuditLog AuditLog => _audit;

    public IDisseminationLog DisseminationLog => _disseminations;

    public IRetention Retention => _retention;

    public IReadSearch Search => _search;

    public IStoreAdministration Administration => _administration;

    /// <summary>
    /// Opens the store, making it on first use. A wrong key is a <see cref="StoreKeyException"/>
    /// and leaves every file as it was.
    /// </summary>
    public static EvidenceStore Open(StoreOptions options, StoreKey key, TimeProvider time, ILogger logger, bool create = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        if (StoreOptionsValidator.RetentionProblems(options) is { Count: > 0 } retention)
        {
            throw new StoreException(string.Join("; ", retention));
        }

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
            lockFile = new FileStream(
                Path.Combine(directory, StoreCollections.LockFile),
                FileMode.OpenOrCreate,
                FileAccess.ReadWrite,
                FileShare.None
            );
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

        var store = new EvidenceStore(new StoreSession(options, key, time, logger, lockFile, db));
        try
        {
            store.Initialize();
        }
        catch
        {
            store.CloseNow();
            throw;
        }

        store._reads.StartWriter();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: the host's container may reach it through more than one registration (its ports).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _reads.StopWriterAsync().ConfigureAwait(false);
        CloseNow();
    }

    private void CloseNow()
    {
        _session.Dispose();
        _reads.Close();
    }

    // One transaction: the schema, the outbox sequence, a store made before the audit chain
    // linked, the opening itself audited, a read retention beyond the directive recorded with its
    // authority, and what retention and the quota have done loaded for health.
    private void Initialize()
    {
        _session.Images.Initialize();
        _session.Write(db =>
        {
            StoreSchema.Ensure(db, _session.Now, _session.Directory);
            _session.LoadOutboxSequence(db);
            _audit.ChainUnlinkedEvents(db);
            _audit.Append(db, "store_opened", subject: null, new BsonDocument { ["key_origin"] = _session.Key.Origin });
            ReadRetentionRecord.Write(db, _session, _audit);
            _retention.Ledger.Load(db);
            return 0;
        });
    }
}
