using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Contracts;

/// <summary>A release of evidence outside the unit, on <c>…/dissemination</c>: the whole record, so the platform can show it on request.</summary>
public sealed record DisseminationMessage(
    int Schema,
    string Type,
    Guid Id,
    string DeviceId,
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
    string PackageSha256,
    long PackageBytes,
    string KeyKind)
{
    public static DisseminationMessage From(Dissemination d, string deviceId) => new(
        UplinkSchema.Version, "dissemination", d.Id, deviceId, d.At, d.CaseNumber, d.Purpose, d.RequestedBy, d.RecipientAgency,
        d.RecipientVerified, d.VerifiedBy, d.ReleasedBy, d.Reads, d.Images, d.PackageId, d.PackageSha256, d.PackageBytes, d.KeyKind);
}
