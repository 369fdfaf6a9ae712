namespace EdgeAlpr.Core.Policy;

/// <summary>
/// An investigator's request to release reads outside the unit: who asked (their login) and for whom, the case and
/// purpose, the recipient, the reads. Only a supervisor's approval turns it into a package; the decision, made once,
/// is kept with it (who decided, when, the refusal's reason or the dissemination it produced). Kept for the long
/// term, as releases are.
/// </summary>
/// <param name="Id">The request's id.</param>
/// <param name="RequestedAt">When it was requested.</param>
/// <param name="RequestedBy">The login of the investigator who requested it.</param>
/// <param name="OnBehalfOf">The person the investigator acted for, or null.</param>
/// <param name="CaseNumber">The case it serves.</param>
/// <param name="Purpose">The authorised purpose.</param>
/// <param name="Recipient">The agency to receive it.</param>
/// <param name="Reads">The reads to release.</param>
public sealed record ReleaseRequest(
    Guid Id,
    DateTimeOffset RequestedAt,
    string RequestedBy,
    string? OnBehalfOf,
    string CaseNumber,
    string Purpose,
    Recipient Recipient,
    IReadOnlyList<Guid> Reads
)
{
    public const int MaxReasonLength = 500;

    public ReleaseRequestState State { get; init; } = ReleaseRequestState.Pending;

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The login of the supervisor who decided it.</summary>
    public string? DecidedBy { get; init; }

    public string? RefusalReason { get; init; }

    /// <summary>The release an approval produced.</summary>
    public Guid? DisseminationId { get; init; }

    /// <summary>The grounds, as the checks of a use take them.</summary>
    public AuthorisedUse Use => new(CaseNumber, Purpose, OnBehalfOf);

    /// <summary>Why this request cannot be decided now (it was already), or null while it is pending.</summary>
    public string? DecidedProblem() =>
        State == ReleaseRequestState.Pending
            ? null
            : $"release request {Id} was {ReleaseRequestStates.Name(State)} already by {DecidedBy} at {DecidedAt:yyyy-MM-dd HH:mm:ss} UTC: a request is decided once";
}
