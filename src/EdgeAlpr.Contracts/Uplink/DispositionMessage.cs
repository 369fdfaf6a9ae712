namespace EdgeAlpr.Contracts;

/// <summary>An officer's accept or reject of a hit, on <c>…/hit-disposition</c>.</summary>
public sealed record DispositionMessage(
    int Schema,
    string Type,
    Guid Id,
    Guid HitId,
    string DeviceId,
    string Decision,
    string Officer,
    string? VerifiedWith,
    string? Reason,
    string? Note,
    DateTimeOffset DecidedAt
);
