using EdgeAlpr.Application.Evidence;
using LiteDB;
using LiteDB.Engine;

namespace EdgeAlpr.Storage;

/// <summary>
/// The LiteDB database on its two files, opened over <see cref="SealedPageStream"/>s: LiteDB
/// sees plain pages, the disk holds them sealed, and a commit is durable when <see cref="Commit"/> returns.
/// </summary>
internal sealed class StoreDatabase : IDisposable
{
    private readonly SealedPageStream _data;
    private readonly SealedPageStream _log;
    private readonly LiteEngine _engine;

    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(60);

    private readonly long _checkpointBytes;

    private StoreDatabase(SealedPageStream data, SealedPageStream log, LiteEngine engine, long checkpointBytes)
    {
        _checkpointBytes = checkpointBytes;
        _data = data;
        _log = log;
        _engine = engine;
        Db = new LiteDatabase(_engine) { CheckpointSize = 0 };
    }

    public LiteDatabase Db { get; }

    public long DataBytes => _data.Length;

    public long LogBytes => _log.Length;

    /// <summary>The data file's pages as they are on disk, for the verifier.</summary>
    public SealedPageStream DataPages => _data;

    /// <summary>The log's pages as they are on disk, for the verifier.</summary>
    public SealedPageStream LogPages => _log;

    /// <summary>
    /// Opens (or, with <paramref name="create"/>, creates) the database; a wrong key changes nothing.
    /// The log is folded into the data file after a commit that leaves it over <paramref name="checkpointBytes"/>.
    /// </summary>
    public static StoreDatabase Open(string directory, StoreKeys keys, bool create, long checkpointBytes)
    {
        string dataPath = Path.Combine(directory, StoreCollections.DataFile);
        if (!create && !File.Exists(dataPath))
        {
            throw new StoreException($"no store at {directory} (it is made when the agent first stores a read)");
        }

        FileMode mode = create ? FileMode.OpenOrCreate : FileMode.Open;
        SealedPageStream? data = null;
        SealedPageStream? log = null;
        try
        {
            data = SealedPageStream.Open(dataPath, mode, SealedFileKind.Data, keys);
            log = SealedPageStream.Open(
                Path.Combine(directory, StoreCollections.LogFile),
                FileMode.OpenOrCreate,
                SealedFileKind.Log,
                keys,
                syncBeforeShrink: data
            );
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log });
            return new StoreDatabase(data, log, engine, checkpointBytes);
        }
        catch (StoreKeyException ex)
        {
            Close(data, log);
            throw new StoreKeyException($"{ex.Message}: wrong key? nothing was changed", ex);
        }
        catch (StoreException)
        {
            Close(data, log);
            throw;
        }
        catch (IOException ex) when (data is null || log is null)
        {
            Close(data, log);
            throw new StoreException($"the store at {directory} is in use by another process (the agent?) or cannot be opened: {ex.Message}", ex);
        }
        catch (Exception ex) when (Unreadable(directory, ex) is { } unreadable)
        {
            Close(data, log);
            throw unreadable;
        }
    }

    /// <summary>
    /// Commits the open transaction and fsyncs the log: the transaction survives a power cut.
    /// A log grown large is then folded into the data file (synced before the log is cut); true when it was.
    /// </summary>
    public bool Commit()
    {
        // LiteDB's commit hands the log pages to its writer thread and returns: wait for the
        // transaction's confirming page to reach the file before the fsync that makes it durable.
        long confirmed = _log.ConfirmedPagesWritten;
        if (Db.Commit())
        {
            _log.WaitForConfirmedPage(confirmed, CommitTimeout);
        }

        _log.Sync();
        if (_log.Length > _checkpointBytes)
        {
            Db.Checkpoint();
            _data.Sync();
            return true;
        }

        return false;
    }

    /// <summary>
    /// Finishes a store built in one transaction (a migration, a repair): its commit counters saved,
    /// committed, folded into the data file and synced, and its first manifest written beside it.
    /// </summary>
    public void CommitFresh(CommitState state, string directory, StoreKeys keys, DateTimeOffset now)
    {
        CommitState.Save(Db, state);
        Commit();
        Db.Checkpoint();
        _data.Sync();
        using StoreManifest manifest = StoreManifest.Open(directory, keys);
        manifest.Write(state.ToManifest(this, now, now));
    }

    /// <summary>
    /// What LiteDB throws when the pages it read all authenticated yet make no sense to it (a page
    /// put back to an older copy of itself, damage from before the store was sealed), as damage; null for other errors.
    /// </summary>
    public static StoreDamagedException? Unreadable(string directory, Exception ex) =>
        ex is LiteException or InvalidCastException or IndexOutOfRangeException
            ? new StoreDamagedException($"the database at {directory} cannot be read: {ex.Message}")
            : null;

    /// <summary>After <see cref="Dispose"/>: how many transactions LiteDB could not dispose (see <see cref="UndisposedTransactions"/>).</summary>
    public int TransactionsLeftOpen { get; private set; }

    public void Dispose()
    {
        try
        {
            Db.Dispose();
            _engine.Dispose();
        }
        finally
        {
            TransactionsLeftOpen = UndisposedTransactions.Forget(_engine);
            Close(_data, _log);
        }
    }

    private static void Close(SealedPageStream? data, SealedPageStream? log)
    {
        log?.Dispose();
        data?.Dispose();
    }
}
