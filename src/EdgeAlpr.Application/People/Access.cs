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
}
