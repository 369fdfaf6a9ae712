using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The store as a whole, for an administrator: counts, space, and the full check
/// (<c>AdministrationRepository.Verify.cs</c>). Stats include the storage alarm the read writer raises
/// and what retention and the quota have given up.
/// </summary>
internal sealed partial class AdministrationRepository(
    StoreSession session,
    AuditLogRepository auditLog,
    ReadRepository readStore,
    RetentionRepository retention
) : IStoreAdministration
{
    public string Directory => session.Directory;

    /// <summary>Space used and free, without counting records: cheap enough for every health report.</summary>
    public StoreUsage Usage() =>
        session.ReadOnly(db =>
        {
            BsonDocument images = db.GetCollection(StoreCollections.Meta).FindById("images");
            return new StoreUsage(
                session.DatabaseBytes,
                images["files"].AsInt64,
                images["bytes"].AsInt64,
                session.Options.QuotaBytes,
                new DriveInfo(session.Directory).AvailableFreeSpace
            );
        });

    public StoreStats Stats()
    {
        long stillOver = retention.BytesOverWithNothingToDelete();
        return session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            long total = 0,
                serious = 0,
                notForwarded = 0,
                withoutImages = 0;
            DateTimeOffset? oldest = null,
                oldestNotForwarded = null;
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
            StorageHealth health = readStore.Health;
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
                session.DatabaseBytes,
                images["files"].AsInt64,
                images["bytes"].AsInt64,
                session.Options.QuotaBytes,
                new DriveInfo(session.Directory).AvailableFreeSpace,
                session.Options.ReadRetention.TotalDays,
                session.Options.SeriousRetention.TotalDays,
                health.Alarm,
                health.Reason,
                health.Retention with
                {
                    BytesOverQuota = stillOver,
                }
            );
        });
    }
}
