namespace EdgeAlpr.Application.Evidence;

/// <summary>An officer's accept or reject of a hit, as kept.</summary>
public sealed record StoredDisposition(
    Guid Id,
    Guid HitId,
    string Decision,
    string Officer,
    string? VerifiedWith,
    string? Reason,
    string? Note,
    DateTimeOffset DecidedAt,
    DateTimeOffset? ForwardedAt
);
