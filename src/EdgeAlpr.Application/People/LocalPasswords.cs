using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>The identity provider of local accounts: the password checked against the stored hash.</summary>
public sealed class LocalPasswords(IPasswordHasher hasher) : IIdentityProvider
{
    private readonly Lazy<string> _nobody = new(() => hasher.Hash("no such user: spends the time of a check"));

    public string Source => UserSources.Local;

    public CredentialCheck Check(UnitUser user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(user.PasswordHash) || !hasher.Verify(password, user.PasswordHash))
        {
            return CredentialCheck.Wrong;
        }

        return hasher.NeedsRehash(user.PasswordHash) ? CredentialCheck.RightNeedsRehash : CredentialCheck.Right;
    }

    public string? FreshHash(string password) => hasher.Hash(password);

    public void CheckNobody(string password) => _ = hasher.Verify(password, _nobody.Value);
}
