namespace EdgeAlpr.Core.People;

/// <summary>Where a user's identity is checked. Only local accounts exist now; "ldap" and "oidc" are reserved for a directory.</summary>
public static class UserSources
{
    public const string Local = "local";
    public const string Ldap = "ldap";
    public const string Oidc = "oidc";
}
