using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// A unit's store with one account per role (<see cref="UnitPeople"/>), for commands a person signs in to: the hot
/// list's changes (<c>hotlist add|remove|import|local</c>) run as <see cref="UnitPeople.Supervisor"/> unless told.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SignedInUnit
{
    private readonly string _store;

    private SignedInUnit(string store, Dictionary<string, string> env)
    {
        _store = store;
        Env = env;
    }

    /// <summary>The store key and the accounts' password, as the commands read them.</summary>
    public Dictionary<string, string> Env { get; }

    /// <summary>A store in <paramref name="dir"/> with the accounts.</summary>
    public static async Task<SignedInUnit> CreateAsync(TempDir dir)
    {
        string key = StoreKeyFile.NewKeyText();
        string store = dir.File("store");
        await using (
            EvidenceStore opened = EvidenceStore.Open(
                new StoreOptions { Directory = store, MinFreeMegabytes = 0 },
                StoreKey.FromFile(StoreKeyFile.Write(dir.File("store.key"), key)),
                TimeProvider.System,
                NullLogger.Instance
            )
        )
        {
            UnitPeople.Seed(opened);
        }

        return new SignedInUnit(store, new Dictionary<string, string> { ["EDGEALPR_STORE_KEY"] = key, ["EDGEALPR_PASSWORD"] = UnitPeople.Password });
    }

    /// <summary>Runs <paramref name="args"/> signed in as the supervisor.</summary>
    public Task<CliRunner.Result> RunAsync(params string[] args) => RunAsAsync(UnitPeople.Supervisor, args);

    public Task<CliRunner.Result> RunAsAsync(string login, params string[] args) => RunAsAsync(login, new Dictionary<string, string>(), args);

    /// <summary>Runs <paramref name="args"/> as <paramref name="login"/>, with <paramref name="more"/> beside the unit's variables.</summary>
    public Task<CliRunner.Result> RunAsAsync(string login, IReadOnlyDictionary<string, string> more, params string[] args) =>
        CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string>(Env.Concat(more)), [.. args, "--store-dir", _store, "--as", login]);
}
