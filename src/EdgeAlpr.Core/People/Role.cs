namespace EdgeAlpr.Core.People;

/// <summary>
/// What a person on the unit is there to do. Each role grants a fixed set of <see cref="Permission"/>s
/// (<see cref="RolePermissions"/>); a user holds one or more. On the wire and the command line a role is its
/// lower-case name (<see cref="RoleNames"/>).
/// </summary>
public enum Role
{
    /// <summary>Sees live reads and hits and decides hits.</summary>
    Officer,

    /// <summary>Searches kept reads and requests releases, with grounds.</summary>
    Investigator,

    /// <summary>Approves releases and manages the unit's local hot-list entries.</summary>
    Supervisor,

    /// <summary>Reads the audit trail, and nothing else.</summary>
    Auditor,

    /// <summary>Manages users, settings and keys; cannot search.</summary>
    Admin,
}
