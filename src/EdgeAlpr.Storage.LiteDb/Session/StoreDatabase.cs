using EdgeAlpr.Application.Evidence;
using LiteDB;
using LiteDB.Engine;

namespace EdgeAlpr.Storage;

/// <summary>
/// The encrypted LiteDB database on its two files, opened over <see cref="SyncedFileStream"/>s
/// so that a commit is durable when <see cref="Commit"/> returns.
/// </summary>
internal sealed class StoreDatabase : IDisposable
{
    private const int InvalidPassword = 217;

    private readonly SyncedFileStream _data;
    private readonly SyncedFileStream _log;
    private readonly LiteEngine _engine;

    private readonly long _checkpointBytes;

    private StoreDatabase(SyncedFileStream data, SyncedFileStream log, LiteEngine engine, long checkpointBytes)
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

    /// <summary>
    /// Opens (or, with <paramref name="create"/>, creates) the database; a wrong key changes nothing.
    /// The log is folded into the data file after a commit that leaves it over <paramref name="checkpointBytes"/>.
    /// </summary>
    public static StoreDatabase Open(string directory, StoreKey key, bool create, long checkpointBytes)
    {
        string dataPath = Path.Combine(directory, StoreCollections.DataFile);
        if (!create && !File.Exists(dataPath))
        {
            throw new StoreException($"no store at {directory} (it is made when the agent first stores a read)");
        }

        FileMode mode = create ? FileMode.OpenOrCreate : FileMode.Open;
        SyncedFileStream? data = null;
        SyncedFileStream? log = null;
        try
        {
            data = new SyncedFileStream(dataPath, mode);
            log = new SyncedFileStream(Path.Combine(directory, StoreCollections.LogFile), FileMode.OpenOrCreate, syncBeforeShrink: data);
            var engine = new LiteEngine(
                new EngineSettings
                {
                    DataStream = data,
                    LogStream = log,
                    Password = key.Secret,
                }
            );
            return new StoreDatabase(data, log, engine, checkpointBytes);
        }
        catch (LiteException ex) when (ex.ErrorCode == InvalidPassword)
        {
            Close(data, log);
            throw new StoreKeyException($"the {key} does not open the store at {directory} (wrong key?); nothing was changed");
        }
        catch (LiteException ex)
            when (ex.Message.Contains("encrypted", StringComparison.OrdinalIgnoreCase)
                || ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
            )
        {
            Close(data, log);
            throw new StoreKeyException($"the store at {directory} cannot be opened with the {key}: {ex.Message}; nothing was changed");
        }
        catch (IOException ex) when (data is null || log is null)
        {
            Close(data, log);
            throw new StoreException($"the store at {directory} is in use by another process (the agent?) or cannot be opened: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is LiteException or InvalidOperationException or InvalidCastException)
        {
            Close(data, log);
            throw new StoreException($"the database at {directory} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Commits the open transaction and fsyncs the log: the transaction survives a power cut.
    /// A log grown large is then folded into the data file (synced before the log is cut).
    /// </summary>
    public void Commit()
    {
        Db.Commit();
        _log.Sync();
        if (_log.Length > _checkpointBytes)
        {
            Db.Checkpoint();
            _data.Sync();
        }
    }

    public void Dispose()
    {
        try
        {
            Db.Dispose();
            _engine.Dispose();
        }
        finally
        {
            Close(_data, _log);
        }
    }

    private static void Close(SyncedFileStream? data, SyncedFileStream? log)
    {
        log?.Dispose();
        data?.Dispose();
    }
}
