namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// What <c>audit verify</c> found: how many events it checked, the chain's two ends, and the
/// first broken link if any (later breaks follow from it and are not listed).
/// </summary>
public sealed record AuditVerification(
    long Events,
    long FirstSeq,
    long LastSeq,
    string HeadHash,
    long PurgedThrough,
    int Checkpoints,
    AuditBreak? FirstBreak
)
{
    public bool Ok => FirstBreak is null;
}

/// <summary>Where the chain breaks: the event at <see cref="Seq"/> (or after it), and what is wrong.</summary>
public sealed record AuditBreak(long Seq, string? Action, DateTimeOffset? At, string Problem);
