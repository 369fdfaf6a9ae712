namespace EdgeAlpr.Core.Retention;

/// <summary>What to drop to get back under the disk quota, in the order it is to be dropped.</summary>
public sealed record QuotaPlan(
    IReadOnlyList<QuotaCandidate> DropImages,
    IReadOnlyList<QuotaCandidate> DropReads,
    long BytesFreed,
    long BytesStillOver
)
{
    public static QuotaPlan Nothing { get; } = new([], [], 0, 0);

    public bool IsEmpty => DropImages.Count == 0 && DropReads.Count == 0;
}
