using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>The one permission check every use case makes of the person who asks.</summary>
public static class Access
{
    /// <summary>Returns when <paramref name="user"/> holds <paramref name="permission"/>; an <see cref="AccessDeniedException"/> otherwise.</summary>
    public static void Authorize(AuthenticatedUser user, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.Can(permission))
        {
            throw new AccessDeniedException(user.Login, user.Roles, permission);
        }
    }

    /// <summary>
    /// As <see cref="Authorize(AuthenticatedUser, Permission)"/>, and a refusal is audited (<c>access_denied</c>, with what
    /// was attempted): an officer trying to search, an admin trying to read the audit trail, are events an auditor looks for.
    /// </summary>
    public static void Authorize(AuthenticatedUser user, Permission permission, IAuditLog audit, string attempted, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(audit);
        if (user.Can(permission))
        {
            return;
        }

        audit.RecordAudit(
            "access_denied",
            subject,
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["attempted"] = attempted,
                ["permission"] = PermissionNames.Name(permission),
                ["roles"] = user.Roles.Select(RoleNames.Name).ToList(),
            },
            user.Login
        );
        throw new AccessDeniedException(user.Login, user.Roles, permission);
    }

    /// <summary>
    /// As <see cref="Authorize(AuthenticatedUser, Permission, IAuditLog, string, string?)"/>, for a use any one of
    /// <paramref name="permissions"/> allows (the first is the one a refusal names).
    /// </summary>
    public static void AuthorizeAny(AuthenticatedUser user, IAuditLog audit, string attempted, string? subject, params Permission[] permissions)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(permissions);
        if (!permissions.Any(user.Can))
        {
            Authorize(user, permissions[0], audit, attempted, subject);
        }
    }
}
