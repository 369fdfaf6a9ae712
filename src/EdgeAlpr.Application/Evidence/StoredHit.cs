using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// A hit as kept: which read it was made on, when, and the hit itself as every output and message
/// writes it (the entry as listed when it matched, how it matched, the verification instruction).
/// </summary>
public sealed record StoredHit(Guid Id, Guid ReadId, string CameraId, DateTimeOffset CreatedAt, HitRecord Record, DateTimeOffset? ForwardedAt);
