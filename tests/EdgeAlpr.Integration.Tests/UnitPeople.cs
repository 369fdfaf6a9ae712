using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// One account per role on a test store, made in-process through the same use case as <c>edge-alpr users add</c>
/// (the CLI's own path is tested in <see cref="UsersCliTests"/>); the commands under test then sign in with
/// <c>--as</c> and <see cref="Password"/> in <c>EDGEALPR_PASSWORD</c>.
/// </summary>
internal static class UnitPeople
{
    public const string Password = "steady-harbor-lantern-26";
    public const string Admin = "chief";
    public const string Officer = "ofc.lee";
    public const string Investigator = "det.moss";
    public const string Supervisor = "sgt.ruiz";
    public const string Auditor = "aud.kim";

    /// <summary>Makes the accounts in the store at <paramref name="directory"/> (key in <paramref name="keyFile"/>) unless it has users.</summary>
    public static async Task SeedAsync(string directory, string keyFile)
    {
        await using EvidenceStore store = EvidenceStore.Open(
            new StoreOptions { Directory = directory, MinFreeMegabytes = 0 },
            StoreKey.FromFile(keyFile),
            TimeProvider.System,
            NullLogger.Instance,
            create: false
        );
        Seed(store);
    }

    /// <summary>Makes the accounts unless the store has users already.</summary>
    public static void Seed(EvidenceStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var administer = new AdministerUsers(store.Users, new Argon2PasswordHasher(), store.AuditLog, TimeProvider.System);
        if (!administer.NeedsBootstrap)
        {
            return;
        }

        var until = new DateOnly(2099, 12, 31);
        AuthenticatedUser chief = AuthenticatedUser.Of(
            administer.Bootstrap(new NewUser(Admin, "Chief R. Diaz", [Role.Admin], "IL0160000", until), Password, "test")
        );
        foreach (
            (string login, string name, Role role) in new[]
            {
                (Officer, "Ofc. J. Lee", Role.Officer),
                (Investigator, "Det. K. Moss", Role.Investigator),
                (Supervisor, "Sgt. A. Ruiz", Role.Supervisor),
                (Auditor, "A. Kim, auditor", Role.Auditor),
            }
        )
        {
            administer.Add(chief, new NewUser(login, name, [role], "IL0160000", until), Password);
        }
    }
}
