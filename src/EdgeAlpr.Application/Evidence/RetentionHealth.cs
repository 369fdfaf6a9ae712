namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// What retention and the disk quota have had to do, for the health report and <c>store stats</c>.
/// The counts are totals over the store's life, kept in the store, so a restart does not reset them.
/// </summary>
/// <param name="UnforwardedReadsPurged">Routine reads purged at their retention term before the platform had them.</param>
/// <param name="LastUnforwardedPurgeAt">When the last such purge ran.</param>
/// <param name="ContextImagesPaused">True while new routine reads are stored without their scene image (the quota's first step).</param>
/// <param name="ContextImagesPausedSince">When the current pause began.</param>
/// <param name="ContextImagesNotKept">Routine reads stored without their scene image because of the quota.</param>
/// <param name="QuotaImagesDropped">Forwarded routine reads whose images the quota deleted.</param>
/// <param name="QuotaReadsDropped">Forwarded routine reads the quota deleted.</param>
/// <param name="BytesOverQuota">
/// How far the store is still over its quota (or under its free-space floor) with nothing left that
/// the quota may delete (only unforwarded reads, serious records and the audit trail); 0 when within.
/// </param>
public sealed record RetentionHealth(
    long UnforwardedReadsPurged,
    DateTimeOffset? LastUnforwardedPurgeAt,
    bool ContextImagesPaused,
    DateTimeOffset? ContextImagesPausedSince,
    long ContextImagesNotKept,
    long QuotaImagesDropped,
    long QuotaReadsDropped,
    long BytesOverQuota
)
{
    public static RetentionHealth None { get; } = new(0, null, false, null, 0, 0, 0, 0);

    /// <summary>True when the store is over its quota and cannot free itself.</summary>
    public bool OverQuota => BytesOverQuota > 0;
}
