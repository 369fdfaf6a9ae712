namespace EdgeAlpr.Core.People;

/// <summary>
/// The fixed map from role to permissions (issue 21). Fixed in code rather than configurable: the directive's
/// separation (an admin cannot search, an auditor can only read the trail) is not a setting a unit may loosen.
/// </summary>
public static class RolePermissions
{
    private static readonly Dictionary<Role, IReadOnlySet<Permission>> Map = new Dictionary<Role, IReadOnlySet<Permission>>
    {
        [Role.Officer] = new HashSet<Permission> { Permission.ViewLiveReads, Permission.DecideHits },
        // Live reads too: issue 21's API gives GET /api/reads to investigators as well as officers.
        [Role.Investigator] = new HashSet<Permission> { Permission.ViewLiveReads, Permission.Search, Permission.RequestRelease },
        [Role.Supervisor] = new HashSet<Permission> { Permission.ApproveRelease, Permission.ManageLocalEntries },
        [Role.Auditor] = new HashSet<Permission> { Permission.ReadAudit },
        [Role.Admin] = new HashSet<Permission> { Permission.ManageUsers, Permission.ManageSettings, Permission.ManageKeys },
    };

    /// <summary>What one role grants.</summary>
    public static IReadOnlySet<Permission> Of(Role role) =>
        Map.TryGetValue(role, out IReadOnlySet<Permission>? granted)
            ? granted
            : throw new ArgumentOutOfRangeException(nameof(role), role, "not a role");

    /// <summary>What a set of roles grants together.</summary>
    public static IReadOnlySet<Permission> Of(IEnumerable<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var granted = new HashSet<Permission>();
        foreach (Role role in roles)
        {
            granted.UnionWith(Of(role));
        }

        return granted;
    }
}
