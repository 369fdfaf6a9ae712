namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// Something still to forward: a read, hit, disposition, audit event or dissemination record, with its delivery
/// history. Hits and dispositions go before reads and audit events.
/// </summary>
public sealed record OutboxItem(
    long Id,
    OutboxKind Kind,
    Guid? RefId,
    long? RefNumber,
    DateTimeOffset EnqueuedAt,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextAttemptAt
);

public enum OutboxKind
{
    Read,
    Hit,
    Disposition,
    Audit,
    Dissemination,
}
