namespace EdgeAlpr.Application.Evidence;

/// <summary>A hit and what became of it: the officer's latest decision, or none yet.</summary>
public sealed record HitSummary(StoredHit Hit, StoredDisposition? Decision);
