using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.Evidence;

/// <summary>A dissemination record as kept, and when the platform acknowledged it.</summary>
public sealed record StoredDissemination(Dissemination Record, DateTimeOffset? ForwardedAt);
