using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// Makes the demo's accounts in its store before the agent opens it, as a unit's admin would: through
/// <see cref="AdministerUsers"/> (the first admin bootstrapped, the others added by that admin, signed in), so each
/// is checked by the unit's rules and audited like any other; the store is never written to directly.
/// </summary>
internal static class DemoSignUp
{
    /// <summary>The demo's agency: a well-formed ORI that names no real agency.</summary>
    public const string AgencyOri = "ILDEMO000";

    /// <summary>
    /// Adds <paramref name="accounts"/>; when none is an admin, a <c>demo.admin</c> with a random password is made
    /// first (someone must have added the others) and returned with them.
    /// </summary>
    public static IReadOnlyList<DemoAccount> Make(EvidenceStore store, IReadOnlyList<DemoAccount> accounts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        var hasher = new Argon2PasswordHasher();
        var administer = new AdministerUsers(store.Users, hasher, store.AuditLog, time);
        DemoAccount first = accounts.FirstOrDefault(a => a.Roles.Contains(Role.Admin))
            ?? new DemoAccount("demo.admin", [Role.Admin], DemoAccounts.NewPassword("demo.admin"), 0);
        // A year of certification: the demo's people are not refused as expired while someone looks.
        DateOnly certifiedUntil = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddYears(1);
        NewUser Request(DemoAccount a) => new(a.Login, a.Login, a.Roles, AgencyOri, certifiedUntil);

        Run(first, () => administer.Bootstrap(Request(first), first.Password, $"{Environment.UserName} (edge-alpr demo)"));
        AuthenticatedUser admin = new SignIn(store.Users, [new LocalPasswords(hasher)], store.AuditLog, time).Run(
            first.Login,
            first.Password,
            "edge-alpr demo"
        );
        foreach (DemoAccount account in accounts.Where(a => a != first))
        {
            Run(account, () => administer.Add(admin, Request(account), account.Password));
        }

        return accounts.Contains(first) ? accounts : [first, .. accounts];
    }

    private static void Run(DemoAccount account, Func<UnitUser> make)
    {
        try
        {
            make();
        }
        catch (UserAdministrationException ex)
        {
            string where = account.Line > 0 ? $"--users line {account.Line}" : $"the demo's user {account.Login}";
            throw new DemoAccountsException($"{where}: {string.Join("; ", ex.Problems)}");
        }
    }
}
