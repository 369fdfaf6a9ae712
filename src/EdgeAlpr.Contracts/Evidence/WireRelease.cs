using System.Text.Json.Serialization;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Contracts.Evidence;

/// <summary>
/// The fields of a release of evidence outside the unit, in the order every record of it writes them:
/// who asked, the recipient agency and whether its law-enforcement status was verified (and by whom),
/// the purpose and case, who released it. <see cref="DisseminationMessage"/> (<c>…/dissemination</c>)
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

    [JsonPropertyOrder(50)]
    public bool RecipientVerified { get; init; }

    [JsonPropertyOrder(60)]
    public string? VerifiedBy { get; init; }

    [JsonPropertyOrder(70)]
    public string ReleasedBy { get; init; } = null!;

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
        };
    }
}
