namespace EdgeAlpr.Application.Evidence;

/// <summary>What a retention purge removed (or, dry run, would remove), and what it had to keep because the platform does not have it yet.</summary>
public sealed record PurgeReport(
    bool DryRun,
    DateTimeOffset RoutineCutoff,
    DateTimeOffset SeriousCutoff,
    int Reads,
    int Hits,
    int Dispositions,
    int AuditEvents,
    int Images,
    long ImageBytes,
    int HeldNotForwarded,
    int Orphans
);
