using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The counters every commit advances, kept in the database (meta <c>commit</c>) and, after the
/// commit, in the manifest: comparing the two tells a database cut short or rolled back (older
/// than its manifest) or swapped (another store, or younger than its manifest).
/// </summary>
internal readonly record struct CommitState(Guid StoreId, long Generation, long ReadsStored)
{
    private const string Id = "commit";

    public CommitState Next(long reads) => this with { Generation = Generation + 1, ReadsStored = ReadsStored + reads };

    /// <summary>The database's counters; null for a store made before the manifest existed (or a new one).</summary>
    public static CommitState? Load(LiteDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.GetCollection(StoreCollections.Meta).FindById(Id) is { } doc
            ? new CommitState(doc["store_id"].AsGuid, doc["generation"].AsInt64, doc["reads_stored"].AsInt64)
            : null;
    }

    public static void Save(LiteDatabase db, CommitState state)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.GetCollection(StoreCollections.Meta)
            .Upsert(
                new BsonDocument
                {
                    ["_id"] = Id,
                    ["store_id"] = state.StoreId,
                    ["generation"] = state.Generation,
                    ["reads_stored"] = state.ReadsStored,
                }
            );
    }

    public ManifestState ToManifest(StoreDatabase db, DateTimeOffset now, DateTimeOffset? lastCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(db);
        (long seq, string head) = AuditHead(db.Db);
        return new ManifestState
        {
            StoreId = StoreId,
            Generation = Generation,
            ReadsStored = ReadsStored,
            AuditSeq = seq,
            AuditHead = head,
            DataFileId = Convert.ToHexStringLower(db.DataPages.FileId),
            LogFileId = Convert.ToHexStringLower(db.LogPages.FileId),
            WrittenAt = now,
            LastCheckpointAt = lastCheckpoint,
        };
    }

    /// <summary>The audit chain's last event (sequence and hash) as the database holds it.</summary>
    public static (long Seq, string Hash) AuditHead(LiteDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.GetCollection(StoreCollections.Meta).FindById(AuditLogRepository.AuditHead) is { } head
            ? (head["seq"].AsInt64, head["hash"].AsString)
            : (0, AuditChain.Genesis);
    }
}
