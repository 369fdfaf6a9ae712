using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Reads, their hits and the officers' dispositions: stored through the group-commit writer
/// (<c>ReadRepository.Writer.cs</c>), watched by the storage alarm (<c>ReadRepository.Health.cs</c>),
/// decided on by officers (<c>ReadRepository.Hits.cs</c>). Each change is audited and queued for
/// the platform in the same transaction.
/// </summary>
// The owner closes the writer (Close) after draining it; were this IDisposable, the container
// that hands it out as IReadStore would dispose it first and break the shutdown's flush.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Closed by EvidenceStore after the writer drains.")]
internal sealed partial class ReadRepository(StoreSession session, OutboxRepository outbox, AuditLogRepository audit, RetentionRepository retention)
    : IReadStore
{
    public StoredRead? FindRead(Guid id) =>
        session.ReadOnly(db => db.GetCollection(StoreCollections.Reads).FindById(id) is { } doc ? StoreDocuments.ToStoredRead(doc) : null);

    public IReadOnlyList<StoredRead> ListRecentReads(int max, DateTimeOffset? after) => RecentReads.List(session, max, after);

    /// <summary>An image's bytes, checked against its SHA-256; <see cref="CorruptImageException"/> if they no longer match.</summary>
    public byte[] ReadImage(string sha256)
    {
        if (!ImageStore.IsValidName(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in lower-case hex", nameof(sha256));
        }

        return session.Images.Read(sha256);
    }

    /// <summary>Kept reads since a moment, oldest first: past-read matching when the hot list gains entries.</summary>
    public IEnumerable<RecentRead> Since(DateTimeOffset from) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Reads)
                .Find(Query.GTE("captured_at", StoreDocuments.Utc(from)))
                .Select(d => new RecentRead(
                    d["_id"].AsGuid,
                    d["camera_id"].AsString,
                    StoreDocuments.Time(d["captured_at"]),
                    StoreDocuments.Candidates(d),
                    d["state"].IsString ? d["state"].AsString : null
                ))
                .ToList()
        );

    /// <summary>
    /// The reads with their hits and their images' original bytes, each checked against the
    /// SHA-256 taken at capture (<see cref="CorruptImageException"/> otherwise: corrupt evidence is
    /// not released). Images given up under the quota are named in
    /// <see cref="ExportRead.MissingImages"/>. Who may have them is the application's (<c>ReleaseEvidence</c>).
    /// </summary>
    public IReadOnlyList<ExportRead> Gather(IReadOnlyList<StoredRead> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var gathered = new List<ExportRead>(found.Count);
        foreach (StoredRead read in found)
        {
            List<StoredHit> hits = session.ReadOnly(db =>
                db.GetCollection(StoreCollections.Hits).Find(Query.EQ("read_id", read.Id)).Select(StoreDocuments.ToStoredHit).ToList()
            );
            var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var missing = new List<StoredImage>();
            foreach (StoredImage image in read.Images)
            {
                if (read.ImagesDroppedAt is not null && !session.Images.Exists(image.Sha256))
                {
                    missing.Add(image);
                    continue;
                }

                images[image.Sha256] = session.Images.Read(image.Sha256);
            }

            gathered.Add(new ExportRead(read, hits, images, missing));
        }

        return gathered;
    }
}
