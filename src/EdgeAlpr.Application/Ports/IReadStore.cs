using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// Reads, their hits and the officers' decisions, as the evidence store keeps them. Storing is
/// durable when the returned task completes (committed and fsynced with the images); while
/// storage fails, reads wait in memory and <see cref="Health"/> raises the alarm.
/// </summary>
public interface IReadStore : IReadHistory
{
    /// <summary>Whether reads are being made durable now.</summary>
    StorageHealth Health { get; }

    /// <summary>Raised when the storage alarm starts or clears.</summary>
    event Action<StorageHealth>? HealthChanged;

    /// <summary>Makes a read and its hits durable and queues them for the platform.</summary>
    Task<StoredReceipt> StoreAsync(ReadSubmission submission, CancellationToken cancellationToken = default);

    StoredRead? FindRead(Guid id);

    /// <summary>
    /// The newest reads by capture time, newest first, at most <paramref name="max"/>; with <paramref name="after"/>,
    /// only those captured after it (a live screen asks for what is new since its last answer). Each carries its hit ids.
    /// </summary>
    IReadOnlyList<StoredRead> ListRecentReads(int max, DateTimeOffset? after);

    /// <summary>An image's original bytes, checked against the SHA-256 it is named by.</summary>
    byte[] ReadImage(string sha256);

    StoredHit? FindHit(Guid id);

    /// <summary>The hits whose id starts with <paramref name="prefix"/> (8 or more characters).</summary>
    IReadOnlyList<StoredHit> FindHitsByPrefix(string prefix);

    /// <summary>The newest hits first, each with its latest decision.</summary>
    IReadOnlyList<HitSummary> ListHits(int max, bool undecidedOnly);

    StoredDisposition? FindDisposition(Guid id);

    /// <summary>Records an officer's decision on a hit; it is audited and forwarded.</summary>
    Guid RecordDisposition(HitDisposition disposition);

    IReadOnlyList<Guid> DispositionsOf(Guid hitId);

    /// <summary>Stores hits found on reads already kept (a new entry matched a past read).</summary>
    IReadOnlyList<(Guid HitId, HotListHit Hit, string CameraId)> RecordRetroactiveHits(IReadOnlyList<HotListHit> hits);

    /// <summary>
    /// Reads already found (<see cref="FindRead"/>) with their hits and images' original bytes, each image
    /// checked against its capture hash. No policy: the caller decides who may have them.
    /// </summary>
    IReadOnlyList<ExportRead> Gather(IReadOnlyList<StoredRead> found);
}
