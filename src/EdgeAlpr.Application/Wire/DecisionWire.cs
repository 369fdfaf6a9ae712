using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.Wire;

/// <summary>
/// An officer's decision on a hit as it is printed and served (<c>decision</c>: <c>accepted</c> or <c>rejected</c>):
/// one shape for <c>hits list|accept --json</c> and the console's API.
/// </summary>
public sealed record DecisionWire(
    Guid Id,
    Guid HitId,
    string Decision,
    string Officer,
    string? VerifiedWith,
    string? Reason,
    string? Note,
    DateTimeOffset DecidedAt
)
{
    public static DecisionWire Of(StoredDisposition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.HitId, d.Decision, d.Officer, d.VerifiedWith, d.Reason, d.Note, d.DecidedAt);
    }
}
