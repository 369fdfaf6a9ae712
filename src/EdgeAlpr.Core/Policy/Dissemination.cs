namespace EdgeAlpr.Core.Policy;

/// <summary>
/// The record of one release of ALPR data outside the unit, as the directive requires it be
/// kept and shown on request: who asked, which agency received it and whether its
/// law-enforcement status was verified (and by whom), for which case and purpose, who released
/// it, and exactly what was sent (reads, image hashes, the sealed package's own hash).
/// A release now comes only from an approved <see cref="ReleaseRequest"/>: the approving supervisor
/// verified the recipient (<see cref="VerifiedBy"/>) and released it (<see cref="ReleasedBy"/>). The
/// request's fields (<see cref="RecipientOri"/> to <see cref="ApprovedBy"/>) are null in records kept
/// before requests existed.
/// </summary>
public sealed record Dissemination(
    Guid Id,
    DateTimeOffset At,
    string CaseNumber,
    string Purpose,
    string RequestedBy,
    string RecipientAgency,
    bool RecipientVerified,
    string? VerifiedBy,
    string ReleasedBy,
    IReadOnlyList<Guid> Reads,
    IReadOnlyList<string> Images,
    string PackageId,
    string PackageFile,
    string PackageSha256,
    long PackageBytes,
    string KeyKind
)
{
    /// <summary>The recipient agency's ORI.</summary>
    public string? RecipientOri { get; init; }

    public RecipientKind? RecipientKind { get; init; }

    /// <summary>The release request this release was approved from.</summary>
    public Guid? RequestId { get; init; }

    /// <summary>The login of the investigator who requested it.</summary>
    public string? Requester { get; init; }

    /// <summary>The person the requester acted for, when not themselves.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The login of the supervisor who approved it.</summary>
    public string? ApprovedBy { get; init; }
}
