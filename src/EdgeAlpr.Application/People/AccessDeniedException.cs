using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>A signed-in user asked for something none of their roles grants; <see cref="Missing"/> names what.</summary>
public sealed class AccessDeniedException(string login, IReadOnlyList<Role> roles, Permission missing)
    : Exception(
        $"access denied: {login} ({string.Join(", ", roles.Select(RoleNames.Name))}) lacks the {missing} permission; {RolesGranting(missing)} grant it"
    )
{
    public string Login { get; } = login;

    public Permission Missing { get; } = missing;

    private static string RolesGranting(Permission permission) =>
        string.Join(" or ", Enum.GetValues<Role>().Where(r => RolePermissions.Of(r).Contains(permission)).Select(RoleNames.Name))
            is { Length: > 0 } roles
            ? $"the role(s) {roles}"
            : "no role";
}
