using System.Text.Json;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr users</c> on a real store as an installer and an admin use it: the first admin, adding and
/// listing users, refused sign-ins and their exit codes, the lockout, and the audit trail they leave.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UsersCliTests : IDisposable
{
    private const string AdminPassword = "steady-harbor-lantern";
    private const string OfficerPassword = "quiet-orchard-7741";
    private readonly TempDir _dir = new();
    private readonly string _key = StoreKeyFile.NewKeyText();

    public void Dispose() => _dir.Dispose();

    private string[] Store => ["--dir", _dir.File("store")];

    private Task<CliRunner.Result> Cli(string[] args, string? password = null, string? newPassword = null)
    {
        var env = new Dictionary<string, string> { ["EDGEALPR_STORE_KEY"] = _key };
        if (password is not null)
        {
            env["EDGEALPR_PASSWORD"] = password;
        }

        if (newPassword is not null)
        {
            env["EDGEALPR_NEW_PASSWORD"] = newPassword;
        }

        return CliRunner.RunWithEnvironmentAsync(env, [.. args, .. Store]);
    }

    private async Task BootstrapAndAddOfficerAsync()
    {
        CliRunner.Result first = await Cli(
            [
                "users",
                "add",
                "chief",
                "--role",
                "admin",
                "--agency",
                "IL0160000",
                "--certified-until",
                "2099-12-31",
                "--display-name",
                "Chief R. Diaz",
            ],
            password: AdminPassword
        );
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("as the unit's first admin", string.Join('\n', first.StdoutLines), StringComparison.Ordinal);
        CliRunner.Result officer = await Cli(
            ["users", "add", "ofc.lee", "--role", "officer", "--agency", "IL0160000", "--certified-until", "2099-06-30", "--as", "chief"],
            password: AdminPassword,
            newPassword: OfficerPassword
        );
        Assert.True(officer.ExitCode == 0, officer.Stderr);
    }

    // Read from the store itself: an auditor signing in through `audit show` would add events of their own to the trail
    // these tests count (that command's own path is tested in PolicyCliTests).
    private async Task<JsonElement[]> AuditAsync(string action)
    {
        await using EvidenceStore store = EvidenceStore.Open(
            new StoreOptions { Directory = _dir.File("store"), MinFreeMegabytes = 0 },
            StoreKey.FromFile(StoreKeyFile.Write(_dir.File("store.key"), _key)),
            TimeProvider.System,
            NullLogger.Instance,
            create: false
        );
        return [.. store.AuditLog.AuditTrail(action).Select(e => JsonDocument.Parse(WireJson.Line(AuditEventWire.From(e))).RootElement)];
    }

    [Fact]
    public async Task The_first_admin_is_made_without_signing_in_then_only_an_admin_adds_and_the_list_has_no_hash()
    {
        await BootstrapAndAddOfficerAsync();

        // A second "first admin" is refused: the unit has users now.
        CliRunner.Result again = await Cli(
            ["users", "add", "mallory", "--role", "admin", "--agency", "IL0160000", "--certified-until", "2099-12-31"],
            password: "mallory-wants-in-now"
        );
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("the unit has users already", again.Stderr, StringComparison.Ordinal);

        CliRunner.Result list = await Cli(["users", "list", "--json", "--as", "chief"], password: AdminPassword);
        Assert.True(list.ExitCode == 0, list.Stderr);
        JsonElement[] users = list.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["chief", "ofc.lee"], users.Select(u => u.GetProperty("login").GetString()));
        Assert.Equal("officer", users[1].GetProperty("roles")[0].GetString());
        Assert.Equal("2099-06-30", users[1].GetProperty("certified_until").GetString());
        Assert.Equal("chief", users[1].GetProperty("created_by").GetString());
        string printed = string.Join('\n', list.StdoutLines) + list.Stderr;
        Assert.DoesNotContain("argon2", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminPassword, printed, StringComparison.Ordinal);

        JsonElement bootstrap = Assert.Single(await AuditAsync("user_bootstrap"));
        Assert.Equal(Environment.GetEnvironmentVariable("SUDO_USER") ?? Environment.UserName, bootstrap.GetProperty("actor").GetString());
        JsonElement added = Assert.Single(await AuditAsync("user_added"));
        Assert.Equal(("chief", "ofc.lee"), (added.GetProperty("actor").GetString(), added.GetProperty("subject").GetString()));

        // An officer signs in, but may not manage users: exit 2 naming the permission.
        CliRunner.Result denied = await Cli(["users", "disable", "chief", "--as", "ofc.lee"], password: OfficerPassword);
        Assert.Equal(2, denied.ExitCode);
        Assert.Contains("lacks the ManageUsers permission", denied.Stderr, StringComparison.Ordinal);
        Assert.Single(await AuditAsync("access_denied"));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_exit_2_with_one_message_and_the_fifth_failure_locks_until_an_admin_enables()
    {
        await BootstrapAndAddOfficerAsync();
        CliRunner.Result unknown = await Cli(["users", "list", "--as", "nobody"], password: AdminPassword);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("sign-in refused: unknown user or wrong password", unknown.Stderr, StringComparison.Ordinal);
        Assert.Empty(unknown.StdoutLines);

        for (int i = 1; i <= 4; i++)
        {
            CliRunner.Result wrong = await Cli(["users", "list", "--as", "ofc.lee"], password: "wrong-guess-" + i);
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("sign-in refused: unknown user or wrong password", wrong.Stderr, StringComparison.Ordinal);
        }

        CliRunner.Result fifth = await Cli(["users", "list", "--as", "ofc.lee"], password: "wrong-guess-5");
        Assert.Equal(2, fifth.ExitCode);
        Assert.Contains("is now locked until", fifth.Stderr, StringComparison.Ordinal);
        CliRunner.Result right = await Cli(["users", "list", "--as", "ofc.lee"], password: OfficerPassword);
        Assert.Equal(2, right.ExitCode);
        Assert.Contains("the account ofc.lee is locked until", right.Stderr, StringComparison.Ordinal);

        Assert.Single(await AuditAsync("user_locked"));
        JsonElement[] failed = await AuditAsync("sign_in_failed");
        Assert.Equal(7, failed.Length);
        Assert.Equal("locked", failed[^1].GetProperty("details").GetProperty("reason").GetString());
        Assert.All(failed, e => Assert.DoesNotContain("wrong-guess", e.GetRawText(), StringComparison.Ordinal));

        CliRunner.Result enable = await Cli(["users", "enable", "ofc.lee", "--as", "chief"], password: AdminPassword);
        Assert.True(enable.ExitCode == 0, enable.Stderr);
        JsonElement enabled = Assert.Single(await AuditAsync("user_enabled"));
        Assert.True(enabled.GetProperty("details").GetProperty("unlocked").GetBoolean());
        // Signed in again (the officer may not list, so the refusal is access, not sign-in).
        CliRunner.Result after = await Cli(["users", "list", "--as", "ofc.lee"], password: OfficerPassword);
        Assert.Contains("lacks the ManageUsers permission", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_what_is_wrong_and_adds_no_one()
    {
        await BootstrapAndAddOfficerAsync();
        (string[] Args, string Problem)[] cases =
        [
            (["--role", "officer", "--agency", "IL0160000", "--certified-until", "2020-01-01"], "is in the past"),
            (["--role", "sheriff", "--agency", "IL0160000", "--certified-until", "2099-01-01"], "'sheriff' is not a role"),
            (["--role", "officer", "--agency", "IL-016", "--certified-until", "2099-01-01"], "9 letters and digits"),
            (["--role", "officer", "--agency", "IL0160000", "--certified-until", "next year"], "YYYY-MM-DD"),
        ];
        foreach ((string[] args, string problem) in cases)
        {
            CliRunner.Result refused = await Cli(
                ["users", "add", "ofc.kim", .. args, "--as", "chief"],
                password: AdminPassword,
                newPassword: "meadow-copper-2211"
            );
            Assert.True(refused.ExitCode == 2, $"{string.Join(' ', args)}: exit {refused.ExitCode} {refused.Stderr}");
            Assert.Contains(problem, refused.Stderr, StringComparison.Ordinal);
        }

        CliRunner.Result weak = await Cli(
            ["users", "add", "ofc.kim", "--role", "officer", "--agency", "IL0160000", "--certified-until", "2099-01-01", "--as", "chief"],
            password: AdminPassword,
            newPassword: "ofc.kim-pw"
        );
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Stderr, StringComparison.Ordinal);
        Assert.Contains("must not contain the user's login name", weak.Stderr, StringComparison.Ordinal);
        // Only the officer of the set-up was added.
        Assert.Equal("ofc.lee", Assert.Single(await AuditAsync("user_added")).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_generated_password_is_printed_once_and_signs_in_and_a_password_file_open_to_others_is_refused()
    {
        await BootstrapAndAddOfficerAsync();
        CliRunner.Result added = await Cli(
            [
                "users",
                "add",
                "det.moss",
                "--role",
                "investigator",
                "--agency",
                "IL0160000",
                "--certified-until",
                "2099-01-01",
                "--generate-password",
                "--as",
                "chief",
            ],
            password: AdminPassword
        );
        Assert.True(added.ExitCode == 0, added.Stderr);
        string line = Assert.Single(added.StdoutLines, l => l.Contains("shown once", StringComparison.Ordinal));
        string generated = line[(line.LastIndexOf(' ') + 1)..];
        Assert.Equal(20, generated.Length);

        string file = _dir.File("moss.pw");
        await File.WriteAllTextAsync(file, generated + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        CliRunner.Result open = await Cli(["users", "list", "--as", "det.moss", "--password-file", file]);
        Assert.Equal(2, open.ExitCode);
        Assert.Contains("open to group or others", open.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(generated, open.Stderr, StringComparison.Ordinal);

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        CliRunner.Result signedIn = await Cli(["users", "list", "--as", "det.moss", "--password-file", file]);
        // The investigator signs in (the password is right) but may not list users.
        Assert.Contains("lacks the ManageUsers permission", signedIn.Stderr, StringComparison.Ordinal);
        Assert.Equal("det.moss", (await AuditAsync("sign_in")).Last().GetProperty("actor").GetString());
    }
}
