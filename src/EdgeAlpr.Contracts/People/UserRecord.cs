namespace EdgeAlpr.Contracts.People;

/// <summary>
/// A user account as <c>edge-alpr users list --json</c> prints it: everything an admin needs to see, and
/// never the password hash.
/// </summary>
public sealed record UserRecord(
    string Login,
    string DisplayName,
    IReadOnlyList<string> Roles,
    string AgencyOri,
    string CertifiedUntil,
    bool CertificationExpired,
    bool Disabled,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string Source,
    DateTimeOffset CreatedAt,
    string CreatedBy
);
