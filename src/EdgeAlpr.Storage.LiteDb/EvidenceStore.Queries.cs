using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    public StoredRead? FindRead(Guid id) =>
        ReadOnly(db => db.GetCollection(StoreCollections.Reads).FindById(id) is { } doc ? StoreDocuments.ToStoredRead(doc) : null);

    /// <summary>An image's bytes, checked against its SHA-256; <see cref="CorruptImageException"/> if they no longer match.</summary>
    public byte[] ReadImage(string sha256)
    {
        if (!ImageStore.IsValidName(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in lower-case hex", nameof(sha256));
        }

        return _images.Read(sha256);
    }

    /// <summary>Kept reads since a moment, oldest first: past-read matching when the hot list gains entries.</summary>
    public IEnumerable<RecentRead> Since(DateTimeOffset from) => ReadOnly(db => db.GetCollection(StoreCollections.Reads)
        .Find(Query.GTE("captured_at", StoreDocuments.Utc(from)))
        .Select(d => new RecentRead(
            d["_id"].AsGuid,
            d["camera_id"].AsString,
            StoreDocuments.Time(d["captured_at"]),
            StoreDocuments.Candidates(d),
            d["state"].IsString ? d["state"].AsString : null))
        .ToList());

    /// <summary>Records an officer's accept or reject of a hit; it is audited and forwarded like the hit.</summary>
    public Guid RecordDisposition(HitDisposition disposition)
    {
        ArgumentNullException.ThrowIfNull(disposition);
        if (disposition.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(disposition));
        }

        if (ReadOnly(db => db.GetCollection(StoreCollections.Hits).FindById(disposition.HitId)) is null)
        {
            throw new StoreException($"no hit {disposition.HitId} in this store");
        }

        Guid id = Guid.CreateVersion7(Now);
        Write(db =>
        {
            db.GetCollection(StoreCollections.Dispositions).Insert(StoreDocuments.Disposition(id, disposition));
            Enqueue(db, OutboxKind.Disposition, id, null, Now);
            Audit(db, "hit_disposition", disposition.HitId.ToString(), new BsonDocument
            {
                ["disposition_id"] = id,
                ["decision"] = disposition.Decision.ToString().ToLowerInvariant(),
                ["verified_with"] = disposition.VerifiedWith ?? string.Empty,
                ["reason"] = disposition.Reason is { } reason ? RejectReasons.WireName(reason) : string.Empty,
            }, actor: disposition.Officer);
            return 0;
        });
        return id;
    }

    public IReadOnlyList<Guid> DispositionsOf(Guid hitId) => ReadOnly(db => db.GetCollection(StoreCollections.Dispositions)
        .Find(Query.EQ("hit_id", hitId)).Select(d => d["_id"].AsGuid).ToList());

    /// <summary>The audit trail, oldest first, optionally only one action.</summary>
    public IReadOnlyList<StoredAuditEvent> AuditTrail(string? action = null) => ReadOnly(db => db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64)
        .Find(Query.All(Query.Ascending))
        .Where(d => action is null || d["action"].AsString == action)
        .Select(StoreDocuments.ToStoredAuditEvent)
        .ToList());

    /// <summary>Space used and free, without counting records: cheap enough for every health report.</summary>
    public StoreUsage Usage() => ReadOnly(db =>
    {
        BsonDocument images = db.GetCollection(StoreCollections.Meta).FindById("images");
        return new StoreUsage(_db!.DataBytes + _db.LogBytes, images["files"].AsInt64, images["bytes"].AsInt64, _options.QuotaBytes, new DriveInfo(Directory).AvailableFreeSpace);
    });

    public StoreStats Stats() => ReadOnly(db =>
    {
        ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
        long total = 0, serious = 0, notForwarded = 0, withoutImages = 0;
        DateTimeOffset? oldest = null, oldestNotForwarded = null;
        foreach (BsonDocument read in reads.Find(Query.All("captured_at", Query.Ascending)))
        {
            total++;
            DateTimeOffset at = StoreDocuments.Time(read["captured_at"]);
            oldest ??= at;
            serious += read["class"].AsString == "serious" ? 1 : 0;
            withoutImages += read["images_dropped_at"].IsDateTime ? 1 : 0;
            if (!read["forwarded_at"].IsDateTime)
            {
                notForwarded++;
                oldestNotForwarded ??= at;
            }
        }

        ILiteCollection<BsonDocument> hits = db.GetCollection(StoreCollections.Hits);
        ILiteCollection<BsonDocument> outbox = db.GetCollection(StoreCollections.Outbox);
        BsonDocument images = db.GetCollection(StoreCollections.Meta).FindById("images");
        StorageHealth health = Health;
        return new StoreStats(
            Directory,
            total,
            total - serious,
            serious,
            notForwarded,
            withoutImages,
            oldest,
            oldestNotForwarded,
            hits.Count(),
            hits.Count(Query.EQ("forwarded_at", BsonValue.Null)),
            db.GetCollection(StoreCollections.Dispositions).Count(),
            db.GetCollection(StoreCollections.Audit).Count(),
            outbox.Count(),
            outbox.Count(Query.GT("attempts", 0)),
            _db!.DataBytes + _db.LogBytes,
            images["files"].AsInt64,
            images["bytes"].AsInt64,
            _options.QuotaBytes,
            new DriveInfo(Directory).AvailableFreeSpace,
            _options.ReadRetention.TotalDays,
            _options.SeriousRetention.TotalDays,
            health.Alarm,
            health.Reason);
    });
}
