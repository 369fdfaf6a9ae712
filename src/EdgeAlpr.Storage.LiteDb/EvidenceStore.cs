using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
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
public sealed partial class EvidenceStore : IEvidenceStore
{
    private readonly StoreSession _session;
    private readonly ReadRepository _reads;
    private readonly OutboxRepository _outbox;
    private readonly AuditLogRepository _audit;
    private readonly DisseminationRepository _disseminations;
    private readonly RetentionRepository _retention;
    private readonly SearchRepository _search;
    private readonly AdministrationRepository _administration;
    private readonly UserRepository _users;
    private readonly ReleaseRequestRepository _releaseRequests;
    private int _disposed;

    private EvidenceStore(StoreSession session)
    {
        _session = session;
        _outbox = new OutboxRepository(session);
        _audit = new AuditLogRepository(session, _outbox);
        _retention = new RetentionRepository(session, _audit);
        _reads = new ReadRepository(session, _outbox, _audit, _retention);
        _releaseRequests = new ReleaseRequestRepository(session, _audit);
        _disseminations = new DisseminationRepository(session, _outbox, _audit, _releaseRequests);
        _search = new SearchRepository(session);
        _administration = new AdministrationRepository(session, _audit, _reads, _retention);
        _users = new UserRepository(session);
        session.RepairedWhileOpen = RecordRepair;
    }

    public IReadStore Reads => _reads;

    public IOutbox Outbox => _outbox;

    public IAuditLog AuditLog => _audit;

    public IDisseminationLog DisseminationLog => _disseminations;

    public IReleaseRequests ReleaseRequests => _releaseRequests;

    public IRetention Retention => _retention;

    public IReadSearch Search => _search;

    public IStoreAdministration Administration => _administration;

    public IUserStore Users => _users;

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

        FileStream lockFile = TakeLock(directory);

        StoreKeys keys = StoreKeys.From(key);
        try
        {
            MigrationReport? migrated = StoreMigration.Run(directory, key, keys, time, logger);
            if (StoreRepair.IsPending(directory))
            {
                // A repair was cut short: its files are half moved; finish it whatever the settings say.
                StoreRepair.Run(directory, keys, "an earlier repair was cut short", time, logger);
            }

            var opening = new Opening(options, directory, key, keys, time, logger, lockFile);
            EvidenceStore store;
            try
            {
                store = OpenAndInitialize(opening, create, migrated);
            }
            catch (StoreDamagedException ex) when (options.RepairOnDamage == true)
            {
                StoreRepair.Run(directory, keys, ex.Message, time, logger);
                store = OpenAndInitialize(opening, create, migrated: null);
            }
            catch (StoreDamagedException ex)
            {
                throw new StoreDamagedException(
                    $"{ex.Message} — 'edge-alpr store verify' lists every problem, 'edge-alpr store repair' salvages it (the agent repairs it itself at start)"
                );
            }

            store._reads.StartWriter();
            return store;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Opens the session and initialises the store; on failure the database is closed again but the lock is kept.</summary>
    private static EvidenceStore OpenAndInitialize(Opening opening, bool create, MigrationReport? migrated)
    {
        StoreSession session = OpenSession(opening, create);
        var store = new EvidenceStore(session);
        try
        {
            store.Initialize(migrated);
            return store;
        }
        catch (Exception ex)
        {
            session.CloseDatabase();
            store._reads.Close();
            if (StoreDatabase.Unreadable(opening.Directory, ex) is { } unreadable)
            {
                throw unreadable;
            }

            throw;
        }
    }

    /// <summary>
    /// Opens the database and its manifest and checks one against the other: a database older,
    /// younger or other than its manifest is a <see cref="StoreDamagedException"/>, never re-made.
    /// </summary>
    private static StoreSession OpenSession(Opening opening, bool create)
    {
        (StoreOptions options, string directory, StoreKey key, StoreKeys keys, TimeProvider time, ILogger logger, FileStream lockFile) = opening;
        bool existed = File.Exists(Path.Combine(directory, StoreCollections.DataFile));
        bool hadManifest = StoreManifest.Exists(directory);
        StoreDatabase db;
        try
        {
            db = StoreDatabase.Open(directory, keys, create, options.CheckpointBytes);
        }
        catch (StoreKeyException ex)
        {
            throw new StoreKeyException($"the {key} does not open the store at {directory} (wrong key?); nothing was changed", ex);
        }

        StoreManifest? manifest = null;
        try
        {
            CommitState? committed;
            try
            {
                committed = CommitState.Load(db.Db);
            }
            catch (Exception ex) when (StoreDatabase.Unreadable(directory, ex) is { } unreadable)
            {
                throw unreadable;
            }

            if (!hadManifest && committed is not null)
            {
                // Checked before the manifest is opened, which would make an empty one.
                throw new StoreDamagedException(
                    $"the manifest {Path.Combine(directory, StoreManifest.FileName)} is missing: nothing outside the database vouches for it (deleted, or the store was copied without it)"
                );
            }

            manifest = StoreManifest.Open(directory, keys);
            if (ManifestCheck.Problem(manifest, hadManifest, existed, committed, CommitState.AuditHead(db.Db).Seq) is { } problem)
            {
                throw new StoreDamagedException(problem);
            }

            CommitState start = committed ?? new CommitState(manifest.Current?.StoreId ?? Guid.NewGuid(), 0, 0);
            return new StoreSession(options, key, keys, time, logger, lockFile, db, manifest, start);
        }
        catch
        {
            manifest?.Dispose();
            db.Dispose();
            throw;
        }
    }

    /// <summary>Whether the store's folder is on a dm-crypt (LUKS) volume, as the kernel told it at opening.</summary>
    public string Volume => _session.Volume;

    /// <summary>The last repair of this store while this process has had it open (or at its opening), for health and status.</summary>
    public StoreRepairReport? LastRepair => _session.LastRepair;

    /// <summary>
    /// Audits a repair (<c>store_repaired</c>), queues again what was salvaged but never forwarded
    /// (its outbox entries may have been lost with the pages), and removes the report file once the
    /// transaction commits.
    /// </summary>
    private void RecordRepair(LiteDatabase db, StoreRepairReport repaired)
    {
        int requeued = _outbox.RequeueUnforwarded(db);
        _audit.Append(
            db,
            "store_repaired",
            subject: null,
            new BsonDocument
            {
                ["cause"] = repaired.Cause,
                ["quarantined"] = repaired.Quarantined,
                ["salvaged_reads"] = repaired.SalvagedReads,
                ["salvaged_hits"] = repaired.SalvagedHits,
                ["salvaged_dispositions"] = repaired.SalvagedDispositions,
                ["salvaged_audit_events"] = repaired.SalvagedAuditEvents,
                ["salvaged_records"] = repaired.SalvagedRecords,
                ["lost_pages"] = repaired.LostPages,
                ["lost_records"] = repaired.LostRecords,
                ["images_missing_or_damaged"] = repaired.ImagesMissingOrDamaged,
                ["images_quarantined"] = repaired.ImagesQuarantined,
                ["requeued_for_forwarding"] = requeued,
                ["problems"] = new BsonArray(repaired.Problems.Take(50).Select(p => new BsonValue(p))),
            }
        );
        _session.NoteRepaired(repaired);
    }

    /// <summary>What opening a store takes: its settings, folder, keys, clock and log, and the lock already held.</summary>
    private sealed record Opening(
        StoreOptions Options,
        string Directory,
        StoreKey Key,
        StoreKeys Keys,
        TimeProvider Time,
        ILogger Logger,
        FileStream Lock
    );

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
    // linked, a migration to the sealed format, the opening itself audited, a read retention beyond
    // the directive recorded with its authority, and what retention and the quota have done loaded for health.
    private void Initialize(MigrationReport? migrated)
    {
        _session.Images.Initialize();
        _session.Write(db =>
        {
            StoreSchema.Ensure(db, _session.Now, _session.Directory);
            _session.LoadOutboxSequence(db);
            _audit.ChainUnlinkedEvents(db);
            if (migrated is not null)
            {
                _audit.Append(
                    db,
                    "store_migrated",
                    subject: null,
                    new BsonDocument
                    {
                        ["to"] = "sealed pages and images (AES-256-GCM, HKDF-SHA256 keys)",
                        ["reads"] = migrated.Reads,
                        ["records"] = migrated.Documents,
                        ["images"] = migrated.Images,
                        ["damaged_images_quarantined"] = new BsonArray(migrated.DamagedImages.Select(d => new BsonValue(d))),
                    }
                );
            }

            if (StoreRepair.LoadReport(_session.Directory) is { } repaired)
            {
                RecordRepair(db, repaired);
            }

            _audit.Append(
                db,
                "store_opened",
                subject: null,
                new BsonDocument
                {
                    ["key_origin"] = _session.Key.Origin,
                    ["sealed"] = "pages and images, AES-256-GCM",
                    ["volume"] = _session.Volume,
                }
            );
            ReadRetentionRecord.Write(db, _session, _audit);
            _retention.Ledger.Load(db);
            return 0;
        });
    }
}
