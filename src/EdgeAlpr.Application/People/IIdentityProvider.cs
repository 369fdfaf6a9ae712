using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>
/// Checks a person's credentials for the users of one <see cref="Source"/>. Local accounts are checked
/// against their stored hash (<see cref="LocalPasswords"/>); an agency directory (LDAP, OIDC) is another
/// provider, added without changing <see cref="SignIn"/>: the unit still keeps the account (roles,
/// certification, lockout), the directory only says whether the credentials are right.
/// </summary>
public interface IIdentityProvider
{
    /// <summary>The <see cref="UnitUser.Source"/> this provider checks (<see cref="UserSources.Local"/>, ...).</summary>
    string Source { get; }

    CredentialCheck Check(UnitUser user, string password);

    /// <summary>
    /// Spends the time a check takes when there is no such user, so the answer's timing does not tell a
    /// caller which login names exist.
    /// </summary>
    void CheckNobody(string password);

    /// <summary>A hash of the password with the current parameters, to replace an outdated one; null when the unit keeps none (a directory).</summary>
    string? FreshHash(string password);
}

/// <summary>The outcome of a credential check.</summary>
public enum CredentialCheck
{
    Wrong,
    Right,

    /// <summary>Right, and the stored hash should be remade with the current parameters.</summary>
    RightNeedsRehash,
}
