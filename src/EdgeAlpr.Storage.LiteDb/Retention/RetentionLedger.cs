using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// What retention and the quota have done, for health: the counts and the scene-image pause in the
/// meta record <c>retention</c>, changed in the transaction of the action they count, and the last
/// committed state in memory. Changes are published after their commit, newest wins (a version
/// number orders them), so a rolled-back change is never seen. How far the store is over its quota
/// with nothing left to delete is measured by every quota pass and kept in memory only.
/// </summary>
internal sealed class RetentionLedger
{
    private const string Record = "retention";

    private readonly Lock _gate = new();
    private RetentionHealth _state = RetentionHealth.None;
    private long _version = -1;

    /// <summary>Raised when the state changes (a publish or a new over-quota figure).</summary>
    public event Action? Changed;

    public RetentionHealth State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public bool ContextImagesPaused => State.ContextImagesPaused;

    /// <summary>Loads the committed record; called in the store's opening transaction.</summary>
    public void Load(LiteDatabase db) => Publish(Read(db));

    /// <summary>Changes the record inside the caller's transaction; hand the result to <see cref="Publish"/> once it commits.</summary>
    public static BsonDocument Change(LiteDatabase db, Action<BsonDocument> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        BsonDocument record = Read(db);
        change(record);
        record["version"] = record["version"].AsInt64 + 1;
        db.GetCollection(StoreCollections.Meta).Upsert(record);
        return record;
    }

    /// <summary>Makes a committed record the state health reports, unless a newer one already is.</summary>
    public void Publish(BsonDocument? committed)
    {
        if (committed is null)
        {
            return;
        }

        bool changed;
        lock (_gate)
        {
            long version = committed["version"].AsInt64;
            changed = version > _version;
            if (changed)
            {
                _version = version;
                _state = new RetentionHealth(
                    committed["unforwarded_purged"].AsInt64,
                    StoreDocuments.OptionalTime(committed["last_unforwarded_purge_at"]),
                    committed["context_paused"].AsBoolean,
                    StoreDocuments.OptionalTime(committed["context_paused_since"]),
                    committed["context_not_kept"].AsInt64,
                    committed["quota_images_dropped"].AsInt64,
                    committed["quota_reads_dropped"].AsInt64,
                    _state.BytesOverQuota
                );
            }
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Records how far the store is over quota with nothing left to delete (0: within); true when that changed between over and within.</summary>
    public bool SetBytesOverQuota(long bytes)
    {
        bool wasOver;
        lock (_gate)
        {
            wasOver = _state.OverQuota;
            _state = _state with { BytesOverQuota = Math.Max(0, bytes) };
        }

        bool flipped = wasOver != bytes > 0;
        if (flipped)
        {
            Changed?.Invoke();
        }

        return flipped;
    }

    /// <summary>Adds to a count in the record (inside <see cref="Change"/>).</summary>
    public static void Add(BsonDocument record, string field, long count) => record[field] = record[field].AsInt64 + count;

    private static BsonDocument Read(LiteDatabase db)
    {
        BsonDocument record = db.GetCollection(StoreCollections.Meta).FindById(Record) ?? new BsonDocument { ["_id"] = Record };
        foreach (string count in new[] { "version", "unforwarded_purged", "context_not_kept", "quota_images_dropped", "quota_reads_dropped" })
        {
            if (!record[count].IsNumber)
            {
                record[count] = 0L;
            }
        }

        if (!record["context_paused"].IsBoolean)
        {
            record["context_paused"] = false;
        }

        return record;
    }
}
