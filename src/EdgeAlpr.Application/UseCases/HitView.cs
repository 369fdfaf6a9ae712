using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.UseCases;

/// <summary>A hit in full: the hit, its latest decision (or none), and its read (null once purged).</summary>
public sealed record HitView(StoredHit Hit, StoredDisposition? Decision, StoredRead? Read);
