namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// One user per role in a test store, made through the real CLI, <c>edge-alpr users add</c> as an installer and then an admin make
/// them (the first admin bootstrapped, the rest added as that admin), each with an owner-only password file. Made once
/// per store: a second <see cref="EnsureAsync"/> on the same folder finds the ones made already. <see cref="As"/> gives the options a
/// command takes to act as one of them.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class CliPeople
{
    public const string Agency = "IL0160000";

    /// <summary>The login of each role's user.</summary>
    public static readonly IReadOnlyDictionary<string, string> Logins = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["admin"] = "adm.diaz",
        ["officer"] = "ofc.lee",
        ["investigator"] = "det.moss",
        ["supervisor"] = "sgt.ruiz",
        ["auditor"] = "aud.kim",
    };

    private readonly string _folder;
    private readonly IReadOnlyDictionary<string, string> _env;
    private readonly string[] _store;

    private CliPeople(string folder, IReadOnlyDictionary<string, string> env, string[] store)
    {
        _folder = folder;
        _env = env;
        _store = store;
    }

    /// <summary>
    /// The users of the store that <paramref name="store"/> (<c>--dir …</c>) names, each made now if it was not: the
    /// admin first, then one user per role of <paramref name="roles"/> (every role when none is named; each is a few
    /// Argon2 hashes and a process, so a test names the ones it uses). Their password files go in
    /// <paramref name="folder"/>; <paramref name="env"/> carries the store key.
    /// </summary>
    public static async Task<CliPeople> EnsureAsync(string folder, IReadOnlyDictionary<string, string> env, string[] store, params string[] roles)
    {
        var people = new CliPeople(folder, env, store);
        foreach (string role in (string[])["admin", .. roles.Length == 0 ? Logins.Keys : roles])
        {
            if (!File.Exists(people.PasswordFile(Logins[role])))
            {
                await people.AddAsync(Logins[role], [role], bootstrap: role == "admin");
            }
        }

        return people;
    }

    /// <summary>The options to act as the user of <paramref name="role"/>: <c>--as LOGIN --password-file FILE</c>.</summary>
    public string[] As(string role) => AsLogin(Logins[role]);

    /// <summary>The options to act as <paramref name="login"/>, a user made here.</summary>
    public string[] AsLogin(string login) => ["--as", login, "--password-file", PasswordFile(login)];

    /// <summary>Adds <paramref name="login"/> with <paramref name="roles"/> as the admin (or as the first admin).</summary>
    public async Task AddAsync(string login, string[] roles, bool bootstrap = false)
    {
        string password = PasswordFile(login);
        // A password of its own for each user (the policy refuses one that contains the login).
        File.WriteAllText(password, $"harbor-lantern-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CliRunner.Result added = await CliRunner.RunWithEnvironmentAsync(
            _env,
            [
                "users",
                "add",
                login,
                .. roles.SelectMany(r => new[] { "--role", r }),
                "--agency",
                Agency,
                "--certified-until",
                "2099-12-31",
                "--new-password-file",
                password,
                .. bootstrap ? Array.Empty<string>() : As("admin"),
                .. _store,
            ]
        );
        Assert.True(added.ExitCode == 0, $"users add {login}: {added.Stderr}");
    }

    private string PasswordFile(string login) => Path.Combine(_folder, $"password-{login}.txt");
}
