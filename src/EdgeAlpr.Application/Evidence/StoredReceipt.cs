using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Application.Evidence;

/// <summary>Proof a read is durable: committed and fsynced with its images and hits.</summary>
public sealed record StoredReceipt(Guid ReadId, IReadOnlyList<Guid> HitIds, RetentionClass Class, DateTimeOffset StoredAt);
