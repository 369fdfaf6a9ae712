namespace EdgeAlpr.Core.Retention;

/// <summary>
/// What to do to get back under the disk quota: whether new routine reads are stored without their
/// scene image (<see cref="PauseContextImages"/>), then what to drop, in the order it is to be dropped.
/// <see cref="BytesStillOver"/> is what nothing the quota may delete can free.
/// </summary>
public sealed record QuotaPlan(
    bool PauseContextImages,
    IReadOnlyList<QuotaCandidate> DropImages,
    IReadOnlyList<QuotaCandidate> DropReads,
    long BytesFreed,
    long BytesStillOver
)
{
    public static QuotaPlan Nothing { get; } = new(false, [], [], 0, 0);

    /// <summary>True when nothing is to be deleted (context images may still be paused).</summary>
    public bool IsEmpty => DropImages.Count == 0 && DropReads.Count == 0;
}
