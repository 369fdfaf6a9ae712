using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Contracts.Evidence;

/// <summary>
/// A release request as <c>edge-alpr export request|requests --json</c> print it: the request, where it stands, and
/// the decision once made (who, when, the refusal's reason or the release it produced).
/// </summary>
public sealed record ReleaseRequestRecord(
    Guid RequestId,
    DateTimeOffset RequestedAt,
    string RequestedBy,
    string? OnBehalfOf,
    string CaseNumber,
    string Purpose,
    string RecipientAgency,
    string RecipientOri,
    string RecipientKind,
    IReadOnlyList<Guid> Reads,
    string State,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? RefusalReason,
    Guid? DisseminationId
)
{
    public static ReleaseRequestRecord From(ReleaseRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReleaseRequestRecord(
            r.Id,
            r.RequestedAt,
            r.RequestedBy,
            r.OnBehalfOf,
            r.CaseNumber,
            r.Purpose,
            r.Recipient.Agency,
            r.Recipient.Ori,
            RecipientKinds.Name(r.Recipient.Kind),
            r.Reads,
            ReleaseRequestStates.Name(r.State),
            r.DecidedAt,
            r.DecidedBy,
            r.RefusalReason,
            r.DisseminationId
        );
    }
}
