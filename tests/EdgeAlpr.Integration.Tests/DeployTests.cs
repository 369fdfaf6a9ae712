using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Hosting;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Hosting.Service;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// deploy/: the profiles are valid settings, the unit file passes systemd's own check, and the install script
/// lays a unit out (staged under a folder).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DeployTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Profiles() => ["fixed-pole", "trailer", "patrol", "cveo"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_profile_is_valid_but_for_the_files_and_devices_each_site_provides(string profile)
    {
        string path = Path.Combine(TestPaths.Root, "deploy", "profiles", profile + ".json");
        using IHost host = RunCommand.Build(path, new Dictionary<string, string?>(), null, null);
        string[] problems = [];
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            problems = [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            problems = [.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)];
        }

        // Certificates, keys and camera devices exist only on the unit; nothing else may be wrong.
        Assert.All(problems, p =>
            Assert.True(p.Contains("/etc/edge-alpr/", StringComparison.Ordinal) || p.Contains("'/dev/video", StringComparison.Ordinal), p)
        );
        Assert.Equal(profile, host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Agent:Profile"]);
        if (profile == "cveo")
        {
            // Bound without validation: the key file it names exists only on the unit.
            var hotList = new HotListOptions();
            Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(
                host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>().GetSection(HotListOptions.Section),
                hotList
            );
            Assert.Equal(HotListProfile.MotorCarrier, hotList.Profile);
            Assert.False(hotList.Policy().Allows(HotListCategory.StolenVehicle));
            Assert.True(hotList.Policy().Allows(HotListCategory.MotorCarrierOutOfService));
        }
    }

    [Fact]
    public async Task The_unit_file_passes_systemd_analyze()
    {
        (int code, string output) = await RunAsync("systemd-analyze", "verify", Path.Combine(TestPaths.Root, "deploy", "edge-alpr.service"));
        // The binary is installed only on a unit; every other complaint is a fault of the file.
        string[] complaints =
        [
            .. output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => !l.Contains("/opt/edge-alpr/edge-alpr is not executable", StringComparison.Ordinal)),
        ];
        Assert.True(complaints.Length == 0, string.Join('\n', complaints) + $" (exit {code})");
    }

    [Fact]
    public async Task Install_lays_out_a_unit_and_an_upgrade_keeps_its_settings_and_key()
    {
        string stage = _dir.File("root");
        string from = AppContext.BaseDirectory;
        (int code, string output) = await RunAsync(
            "bash",
            Path.Combine(TestPaths.Root, "deploy", "install.sh"),
            "--root",
            stage,
            "--from",
            from,
            "--profile",
            "patrol"
        );
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(stage, "opt/edge-alpr/edge-alpr")));
        Assert.True(File.Exists(Path.Combine(stage, "etc/systemd/system/edge-alpr.service")));
        // The settings schema where docs/agent.md tells an operator's editor to find it.
        Assert.True(File.Exists(Path.Combine(stage, "opt/edge-alpr/docs/schema/edge-alpr.settings.schema.json")));
        string config = Path.Combine(stage, "etc/edge-alpr/edge-alpr.json");
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.Root, "deploy/profiles/patrol.json")), File.ReadAllText(config));
        string key = Path.Combine(stage, "etc/edge-alpr/store.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        string keyBefore = File.ReadAllText(key);

        // The modes it sets pass the agent's own start-up checks.
        var permissions = new StartPermissions(new SettingsFile(config));
        Assert.True(permissions.Validate(null, new AgentOptions { StatusFile = Path.Combine(stage, "var/lib/edge-alpr/status.json") }).Succeeded);
        Assert.True(permissions.Validate(null, new StoreOptions { Directory = Path.Combine(stage, "var/lib/edge-alpr/store") }).Succeeded);
        Assert.True(permissions.Validate(null, new HotListOptions { Directory = Path.Combine(stage, "var/lib/edge-alpr/hotlist") }).Succeeded);
        Assert.True(
            new StoreOptionsValidator().Validate(null, new StoreOptions { KeyFile = key, KeyVariable = "EDGEALPR_UNUSED_IN_THIS_TEST" }).Succeeded
        );

        // The administrator edits the settings; an upgrade with another profile keeps them and the key.
        File.AppendAllText(config, "\n");
        (code, output) = await RunAsync(
            "bash",
            Path.Combine(TestPaths.Root, "deploy", "install.sh"),
            "--root",
            stage,
            "--from",
            from,
            "--profile",
            "trailer"
        );
        Assert.True(code == 0, output);
        Assert.EndsWith("\n\n", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.True(File.Exists(config + ".new"));
        Assert.Equal(keyBefore, File.ReadAllText(key));
        Assert.False(Directory.Exists(Path.Combine(stage, "opt/edge-alpr.old")));

        (code, output) = await RunAsync(
            "bash",
            Path.Combine(TestPaths.Root, "deploy", "install.sh"),
            "--root",
            stage,
            "--from",
            from,
            "--profile",
            "no-such"
        );
        Assert.Equal(2, code);
        Assert.Contains("no profile 'no-such' (there are: cveo fixed-pole patrol trailer)", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        (int code, string stdout, string stderr) = await ProcessRunner.RunAsync(program, args);
        return (code, stdout + stderr);
    }
}
