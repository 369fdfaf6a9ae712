namespace EdgeAlpr.Core.People;

/// <summary>
/// A person's account on the unit: who they are, what they may do, whether they may sign in now. Kept in the
/// evidence store (sealed at rest); <see cref="PasswordHash"/> is a self-describing hash string, never the
/// password, and never leaves the store (not in the audit trail, a log or a listing).
/// </summary>
/// <param name="Login">The login name (<see cref="LoginName"/>); the actor in every audit event.</param>
/// <param name="DisplayName">How the person is shown ("Sgt. Dana Ruiz").</param>
/// <param name="Roles">One or more.</param>
/// <param name="AgencyOri">The person's agency (<see cref="People.AgencyOri"/>).</param>
/// <param name="CertifiedUntil">The last day the person's training/certification is valid; refused after it.</param>
/// <param name="Disabled">Set by an admin; a disabled user cannot sign in.</param>
/// <param name="FailedSignIns">Consecutive failed sign-ins since the last success.</param>
/// <param name="LockedUntil">Refused until then after too many failures.</param>
/// <param name="PasswordHash">The hash string (PHC style) of a local user; empty for a user from a directory.</param>
/// <param name="CreatedAt">When the account was made.</param>
/// <param name="CreatedBy">Who made it (a login name, or the operating-system user at bootstrap).</param>
/// <param name="Source">Where the identity is checked: <see cref="UserSources.Local"/> now, a directory later.</param>
public sealed record UnitUser(
    string Login,
    string DisplayName,
    IReadOnlyList<Role> Roles,
    string AgencyOri,
    DateOnly CertifiedUntil,
    bool Disabled,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string Source
)
{
    /// <summary>Whether the certification still holds on <paramref name="today"/> (it holds through its last day).</summary>
    public bool CertifiedOn(DateOnly today) => today <= CertifiedUntil;

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && now < until;

    public bool Has(Role role) => Roles.Contains(role);

    public IReadOnlySet<Permission> Permissions => RolePermissions.Of(Roles);

    /// <summary>The record without its hash, for anything that shows or logs it.</summary>
    public override string ToString() =>
        $"{Login} ({DisplayName}; {string.Join(",", Roles.Select(RoleNames.Name))}; {AgencyOri}; certified until {CertifiedUntil:yyyy-MM-dd}{(Disabled ? "; disabled" : "")})";
}
