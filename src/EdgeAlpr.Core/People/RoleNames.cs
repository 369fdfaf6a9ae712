namespace EdgeAlpr.Core.People;

/// <summary>A role's name on the wire and the command line: its lower-case name, and back.</summary>
public static class RoleNames
{
    public static string Name(Role role) =>
        Enum.IsDefined(role) ? role.ToString().ToLowerInvariant() : throw new ArgumentOutOfRangeException(nameof(role), role, "not a role");

    /// <summary>The role named <paramref name="name"/>; a <see cref="FormatException"/> listing the roles otherwise.</summary>
    public static Role Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (Role role in Enum.GetValues<Role>())
        {
            if (string.Equals(Name(role), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }

        throw new FormatException($"'{name}' is not a role; the roles are {string.Join(", ", Enum.GetValues<Role>().Select(Name))}");
    }
}
