using EdgeAlpr.Hosting;
using EdgeAlpr.Hosting.Service;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Where the agent's settings may come from, and that none is dropped unsaid: only <c>EDGEALPR_</c>
/// environment variables configure it, and a key that no option has, in any section a command
/// binds, stops the command before it does anything.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SettingsSourcesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-alpr-settings-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("Uplink__Broker")]
    [InlineData("DOTNET_Uplink__Broker")]
    [InlineData("uplink__broker")]
    public async Task Environment_variables_without_the_EDGEALPR_prefix_configure_nothing(string variable)
    {
        // Before: the default builder read every variable, so this one pointed the unit at another broker.
        CliRunner.Result ignored = await DrainAsync(new() { [variable] = "mqtt://broker.elsewhere.test:1883" });
        Assert.Equal(2, ignored.ExitCode);
        Assert.Contains("configuration error: Uplink:Broker: no broker is configured", ignored.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("broker.elsewhere.test", ignored.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_EDGEALPR_variable_configures_the_agent()
    {
        CliRunner.Result taken = await DrainAsync(new() { ["EDGEALPR_Uplink__Broker"] = "mqtt://broker.elsewhere.test:1883" });
        Assert.Equal(2, taken.ExitCode);
        // Taken: the broker is judged (plain text to another host is refused), not missing.
        Assert.Contains("mqtt://broker.elsewhere.test:1883", taken.Stderr, StringComparison.Ordinal);
        Assert.Contains("plain text to another host", taken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no broker is configured", taken.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_key_in_any_section_a_command_binds_stops_it_naming_the_nearest_key()
    {
        CliRunner.Result drain = await DrainAsync(
            new()
            {
                ["EDGEALPR_Uplink__Broker"] = "mqtt://127.0.0.1:1883",
                ["EDGEALPR_Uplink__Brokr"] = "mqtt://127.0.0.1:1884",
                ["EDGEALPR_HotList__Directry"] = "/tmp",
                ["EDGEALPR_Recognition__OcrModle"] = "x",
                ["EDGEALPR_Store__SomethingElse"] = "1",
            }
        );
        Assert.Equal(2, drain.ExitCode);
        foreach (
            string expected in new[]
            {
                "configuration error: Uplink:Brokr is not a setting: did you mean Uplink:Broker? (the settings of Uplink are Broker, ",
                "configuration error: HotList:Directry is not a setting: did you mean HotList:Directory?",
                "configuration error: Recognition:OcrModle is not a setting: did you mean Recognition:OcrModel?",
                "configuration error: Store:SomethingElse is not a setting (the settings of Store are Directory, ",
            }
        )
        {
            Assert.Contains(expected, drain.Stderr, StringComparison.Ordinal);
        }

        // A command that does not use the uplink does not judge its section; the sections it binds it does.
        CliRunner.Result stats = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string>
            {
                ["EDGEALPR_Uplink__Brokr"] = "x",
                ["EDGEALPR_Alerts__Audio__Volume"] = "3",
                ["EDGEALPR_Alerts__Categories__amber_alert__LedColor"] = "Red",
                ["EDGEALPR_Alerts__Categories__amber_alert__Spoken"] = "true",
            },
            "store",
            "stats",
            "--dir",
            Path.Combine(_work, "store")
        );
        Assert.Equal(2, stats.ExitCode);
        Assert.Contains(
            "configuration error: Alerts:Audio:Volume is not a setting (the settings of Alerts:Audio are",
            stats.Stderr,
            StringComparison.Ordinal
        );
        // A dictionary's keys are free (a category's name), the settings of each entry are not.
        Assert.Contains(
            "configuration error: Alerts:Categories:amber_alert:LedColor is not a setting: did you mean Alerts:Categories:amber_alert:LedColour?",
            stats.Stderr,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("amber_alert:Spoken", stats.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Uplink:Brokr", stats.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_options_class_the_agent_binds_is_checked_for_unknown_keys()
    {
        List<Type> bound = [];
        using (AgentHost.Build(new Dictionary<string, string?>(), null, withUplink: true, configure: builder =>
            {
                builder.AddEdgeAlprAgent();
                bound.AddRange(
                    builder
                        .Services.Where(d =>
                            d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>)
                        )
                        .Select(d => d.ServiceType.GetGenericArguments()[0])
                        .Where(t => t.Namespace?.StartsWith("EdgeAlpr", StringComparison.Ordinal) == true)
                );
            })) { }

        Assert.NotEmpty(bound);
        Assert.All(bound, t => Assert.Contains(t, SettingsSections.All.Select(s => s.Options)));
        Assert.Contains(typeof(AgentOptions), bound);
    }

    private Task<CliRunner.Result> DrainAsync(Dictionary<string, string> environment) =>
        CliRunner.RunWithEnvironmentAsync(
            environment,
            "uplink",
            "drain",
            "--agency",
            "il-chicago-pd",
            "--device",
            "unit-7",
            "--store-dir",
            Path.Combine(_work, "store"),
            "--hotlist-dir",
            Path.Combine(_work, "hotlist")
        );
}
