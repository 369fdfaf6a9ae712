using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>
/// A person the unit has authenticated (<see cref="SignIn"/>): what every use case that acts for a person
/// takes, so the actor it audits is the one who signed in, never a name a caller typed.
/// </summary>
public sealed record AuthenticatedUser(
    string Login,
    string DisplayName,
    IReadOnlyList<Role> Roles,
    string AgencyOri,
    IReadOnlySet<Permission> Permissions
)
{
    public static AuthenticatedUser Of(UnitUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new AuthenticatedUser(user.Login, user.DisplayName, user.Roles, user.AgencyOri, user.Permissions);
    }

    public bool Can(Permission permission) => Permissions.Contains(permission);
}
