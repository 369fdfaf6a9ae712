namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// A checkpoint of the audit chain: the hash of event <see cref="ThroughSeq"/>, recorded as an
/// event itself and forwarded, so the platform holds a copy no one at the unit can rewrite.
/// </summary>
public sealed record AuditCheckpoint(long Seq, long ThroughSeq, string ThroughHash, long EventsSinceLast);
