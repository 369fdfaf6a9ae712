using System.Text.Json;
using EdgeAlpr.TestKit.Broker;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The store key and the broker password come from systemd's credentials (<c>$CREDENTIALS_DIRECTORY</c>, as the
/// unit's <c>LoadCredential=</c> lines give them) before the environment and the files; without credentials the
/// environment and the files work as before; a blank credential (the unit's default) is none.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CredentialTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_store_key_credential_wins_over_the_variable_and_the_file_and_without_it_they_work_as_before()
    {
        string store = _dir.File("store");
        string right = _dir.File("right.key");
        string wrong = _dir.File("wrong.key");
        Assert.Equal(0, (await CliRunner.RunAsync("store", "new-key", "--out", right)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("store", "new-key", "--out", wrong)).ExitCode);
        CliRunner.Result made = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Store__KeyFile"] = right, ["EDGEALPR_Store__MinFreeMegabytes"] = "0" },
            "bench",
            "store",
            "--reads",
            "5",
            "--dir",
            store,
            "--json"
        );
        Assert.True(made.ExitCode == 0, made.Stderr);

        // The wrong key in both the variable and the file; the right one only as a credential.
        var environment = new Dictionary<string, string>
        {
            ["EDGEALPR_Store__KeyFile"] = wrong,
            ["EDGEALPR_STORE_KEY"] = File.ReadAllText(wrong).Trim(),
            ["EDGEALPR_Store__MinFreeMegabytes"] = "0",
        };
        string credentials = Credentials(("store-key", File.ReadAllText(right)));
        CliRunner.Result withCredential = await Stats(store, new(environment) { ["CREDENTIALS_DIRECTORY"] = credentials });
        Assert.True(withCredential.ExitCode == 0, withCredential.Stderr);
        Assert.Equal(5, JsonDocument.Parse(withCredential.StdoutLines[^1]).RootElement.GetProperty("reads").GetInt32());

        // Without the credential the variable is taken again (and is wrong); without the variable, the file.
        CliRunner.Result withoutCredential = await Stats(store, environment);
        Assert.Equal(2, withoutCredential.ExitCode);
        Assert.Contains("wrong key", withoutCredential.Stderr, StringComparison.Ordinal);
        CliRunner.Result fromFile = await Stats(store, new() { ["EDGEALPR_Store__KeyFile"] = right, ["EDGEALPR_Store__MinFreeMegabytes"] = "0" });
        Assert.True(fromFile.ExitCode == 0, fromFile.Stderr);

        // The unit's blank default is no credential: the next source is used.
        CliRunner.Result blank = await Stats(
            store,
            new()
            {
                ["EDGEALPR_Store__KeyFile"] = right,
                ["EDGEALPR_Store__MinFreeMegabytes"] = "0",
                ["CREDENTIALS_DIRECTORY"] = Credentials(("store-key", "\n")),
            }
        );
        Assert.True(blank.ExitCode == 0, blank.Stderr);

        // A copy others can read was not made by systemd: refused, naming the credential, never printing the key.
        string open = Credentials(("store-key", File.ReadAllText(right)));
        File.SetUnixFileMode(Path.Combine(open, "store-key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        CliRunner.Result refused = await Stats(store, new(environment) { ["CREDENTIALS_DIRECTORY"] = open });
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("(credential store-key)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("is open to group or others", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(right).Trim(), refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_password_credential_wins_over_the_variable_and_without_it_the_variable_works_as_before()
    {
        string password = "pw-" + Guid.NewGuid().ToString("N");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(passwords: $"unit-7:{password}\n");
        string key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var wrongInVariable = new Dictionary<string, string>
        {
            ["EDGEALPR_STORE_KEY"] = key,
            ["EDGEALPR_Store__MinFreeMegabytes"] = "0",
            ["EDGEALPR_MQTT_PASSWORD"] = "not-" + password,
        };

        CliRunner.Result filled = await CliRunner.RunWithEnvironmentAsync(
            wrongInVariable,
            "bench",
            "store",
            "--reads",
            "3",
            "--dir",
            _dir.File("drain-store"),
            "--json"
        );
        Assert.True(filled.ExitCode == 0, filled.Stderr);

        CliRunner.Result withCredential = await Drain(
            broker,
            new(wrongInVariable) { ["CREDENTIALS_DIRECTORY"] = Credentials(("mqtt-password", password + "\n")) }
        );
        Assert.True(withCredential.ExitCode == 0, withCredential.Stderr + broker.Log());
        Assert.Equal(0, JsonDocument.Parse(withCredential.StdoutLines[^1]).RootElement.GetProperty("outbox_left").GetInt32());

        CliRunner.Result withoutCredential = await Drain(broker, wrongInVariable);
        Assert.NotEqual(0, withoutCredential.ExitCode);
        Assert.DoesNotContain(password, withoutCredential.Stderr, StringComparison.Ordinal);

        CliRunner.Result rightInVariable = await Drain(broker, new(wrongInVariable) { ["EDGEALPR_MQTT_PASSWORD"] = password });
        Assert.True(rightInVariable.ExitCode == 0, rightInVariable.Stderr);
    }

    /// <summary>A folder as systemd makes it for the service: owner-only, each credential a file only its owner can read (0400).</summary>
    private string Credentials(params (string Name, string Text)[] credentials)
    {
        string folder = _dir.File("credentials-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach ((string name, string text) in credentials)
        {
            string path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static Task<CliRunner.Result> Stats(string store, Dictionary<string, string> environment) =>
        CliRunner.RunWithEnvironmentAsync(environment, "store", "stats", "--dir", store, "--json");

    private Task<CliRunner.Result> Drain(MosquittoBroker broker, Dictionary<string, string> environment) =>
        CliRunner.RunWithEnvironmentAsync(
            environment,
            "uplink",
            "drain",
            "--broker",
            broker.Url,
            "--username",
            "unit-7",
            "--agency",
            "il-chicago-pd",
            "--device",
            "unit-7",
            "--store-dir",
            _dir.File("drain-store"),
            "--hotlist-dir",
            _dir.File("drain-hotlist"),
            "--json"
        );
}
