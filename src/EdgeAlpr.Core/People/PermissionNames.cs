using System.Text.Json;

namespace EdgeAlpr.Core.People;

/// <summary>A permission's name in the audit trail and the API: snake case (<c>decide_hits</c>).</summary>
public static class PermissionNames
{
    public static string Name(Permission permission) =>
        Enum.IsDefined(permission)
            ? JsonNamingPolicy.SnakeCaseLower.ConvertName(permission.ToString())
            : throw new ArgumentOutOfRangeException(nameof(permission), permission, "not a permission");
}
