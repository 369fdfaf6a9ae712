namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// What the store holds and how it is doing: counts, what is still to forward, space used, the alarm,
/// and what retention and the quota have given up (<see cref="Retention"/>).
/// </summary>
public sealed record StoreStats(
    string Directory,
    long Reads,
    long RoutineReads,
    long SeriousReads,
    long ReadsNotForwarded,
    long ReadsWithoutImages,
    DateTimeOffset? OldestRead,
    DateTimeOffset? OldestNotForwarded,
    long Hits,
    long HitsNotForwarded,
    long Dispositions,
    long AuditEvents,
    long Outbox,
    long OutboxRetrying,
    long DatabaseBytes,
    long ImageFiles,
    long ImageBytes,
    long QuotaBytes,
    long DiskFreeBytes,
    double ReadRetentionDays,
    double SeriousRetentionDays,
    bool StorageAlarm,
    string? AlarmReason,
    RetentionHealth Retention
);
