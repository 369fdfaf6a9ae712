using System.Text.Json.Serialization;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Contracts.Evidence;

/// <summary>
/// The fields of a release of evidence outside the unit, in the order every record of it writes them:
/// who asked, the recipient agency (its ORI and kind) and whether its law-enforcement status was verified (and by
/// whom), the purpose and case, who released it, and the request it was approved from (who requested it, for whom,
/// who approved it). The request's fields are additive: absent from releases made before requests existed. <see cref="DisseminationMessage"/> (<c>…/dissemination</c>)
/// and <see cref="EvidenceMetadata"/> (a package's <c>metadata.json</c>) derive from it and add their
/// envelope before these fields (no order) and what was released after them (<see cref="After"/>).
/// </summary>
public record WireRelease
{
    /// <summary>The order of the fields a derived record writes after the release's.</summary>
    public const int After = 1000;

    [JsonConstructor]
    public WireRelease() { }

    [JsonPropertyOrder(10)]
    public string CaseNumber { get; init; } = null!;

    [JsonPropertyOrder(20)]
    public string Purpose { get; init; } = null!;

    [JsonPropertyOrder(30)]
    public string RequestedBy { get; init; } = null!;

    [JsonPropertyOrder(40)]
    public string RecipientAgency { get; init; } = null!;

    /// <summary>The recipient agency's ORI (absent from releases made before requests and approvals).</summary>
    [JsonPropertyOrder(41)]
    public string? RecipientOri { get; init; }

    /// <summary><c>law_enforcement</c> or <c>government</c>: the only kinds a release may go to.</summary>
    [JsonPropertyOrder(42)]
    public string? RecipientKind { get; init; }

    /// <summary>True for every approved release: the approving supervisor verified the recipient.</summary>
    [JsonPropertyOrder(50)]
    public bool RecipientVerified { get; init; }

    [JsonPropertyOrder(60)]
    public string? VerifiedBy { get; init; }

    [JsonPropertyOrder(70)]
    public string ReleasedBy { get; init; } = null!;

    /// <summary>The release request the release was approved from.</summary>
    [JsonPropertyOrder(71)]
    public Guid? RequestId { get; init; }

    /// <summary>The login of the investigator who requested it.</summary>
    [JsonPropertyOrder(72)]
    public string? Requester { get; init; }

    [JsonPropertyOrder(73)]
    public string? OnBehalfOf { get; init; }

    /// <summary>The login of the supervisor who approved it.</summary>
    [JsonPropertyOrder(74)]
    public string? ApprovedBy { get; init; }

    /// <summary>The one mapping of a dissemination record's release fields to the wire.</summary>
    public static WireRelease From(Dissemination d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new WireRelease
        {
            CaseNumber = d.CaseNumber,
            Purpose = d.Purpose,
            RequestedBy = d.RequestedBy,
            RecipientAgency = d.RecipientAgency,
            RecipientVerified = d.RecipientVerified,
            VerifiedBy = d.VerifiedBy,
            ReleasedBy = d.ReleasedBy,
            RecipientOri = d.RecipientOri,
            RecipientKind = d.RecipientKind is { } kind ? RecipientKinds.Name(kind) : null,
            RequestId = d.RequestId,
            Requester = d.Requester,
            OnBehalfOf = d.OnBehalfOf,
            ApprovedBy = d.ApprovedBy,
        };
    }
}
