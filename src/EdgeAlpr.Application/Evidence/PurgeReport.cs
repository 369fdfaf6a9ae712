namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// What a retention purge removed (or, dry run, would remove). <see cref="Reads"/> counts every read
/// removed, <see cref="UnforwardedReads"/> those among them the platform never had (routine reads go
/// at their term whether forwarded or not); <see cref="HeldNotForwarded"/> counts serious records
/// (hits, evidence reads, dispositions, releases, audit events) past their term but kept until forwarded.
/// </summary>
public sealed record PurgeReport(
    bool DryRun,
    DateTimeOffset RoutineCutoff,
    DateTimeOffset SeriousCutoff,
    int Reads,
    int UnforwardedReads,
    int Hits,
    int Dispositions,
    int AuditEvents,
    int Images,
    long ImageBytes,
    int HeldNotForwarded,
    int Orphans
);
