using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr config check</c> judges a settings file as <c>run</c> does, every problem with its key, and starts
/// nothing; <c>config show</c> lists every effective setting with its source, and prints no secret.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConfigCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Check_passes_a_good_file_with_exit_0()
    {
        string config = Write(Settings());
        CliRunner.Result result = await CliRunner.RunAsync("config", "check", "--config", config);
        Assert.True(result.ExitCode == 0, string.Join('\n', result.StdoutLines) + result.Stderr);
        Assert.Equal($"{config}: good, the agent would start with these settings", result.StdoutLines[0]);

        // Nothing was started, opened or made: no store, no hot-list folder, no status file.
        Assert.False(Directory.Exists(_dir.File("store")));
        Assert.False(Directory.Exists(_dir.File("hotlist")));
        Assert.False(File.Exists(_dir.File("status.json")));

        CliRunner.Result json = await CliRunner.RunAsync("config", "check", "--config", config, "--json");
        Assert.Equal(0, json.ExitCode);
        JsonElement record = JsonDocument.Parse(json.StdoutLines[^1]).RootElement;
        Assert.Equal(config, record.GetProperty("file").GetString());
        Assert.True(record.GetProperty("ok").GetBoolean());
        Assert.Equal(0, record.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task Check_reports_every_problem_of_every_section_with_its_key_and_exit_2_as_run_does()
    {
        Dictionary<string, object?> settings = Settings();
        var agent = (Dictionary<string, object?>)settings["Agent"]!;
        // Four sections, four kinds: a misspelt key, a value out of range, a value of the wrong type, a misspelt section
        // (which the host's binder alone would ignore).
        agent["Cameras"] = new object[]
        {
            new Dictionary<string, object?> { ["Id"] = "north", ["Sorce"] = _dir.File("clip.mp4") },
        };
        ((Dictionary<string, object?>)settings["Store"]!)["MaxBatch"] = 0;
        settings["Recognition"] = new Dictionary<string, object?> { ["Candidates"] = "many" };
        settings["Uplnk"] = new Dictionary<string, object?> { ["Broker"] = "mqtts://127.0.0.1:8883" };
        string config = Write(settings);

        CliRunner.Result result = await CliRunner.RunAsync("config", "check", "--config", config, "--json");
        Assert.Equal(2, result.ExitCode);
        JsonElement record = JsonDocument.Parse(result.StdoutLines[^1]).RootElement;
        Assert.Equal(config, record.GetProperty("file").GetString());
        Assert.False(record.GetProperty("ok").GetBoolean());
        Dictionary<string, string> problems = record
            .GetProperty("problems")
            .EnumerateArray()
            .ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("message").GetString()!);
        Assert.StartsWith(
            "Agent:Cameras:0:Sorce is not a setting: did you mean Agent:Cameras:0:Source?",
            problems["Agent:Cameras:0:Sorce"],
            StringComparison.Ordinal
        );
        Assert.StartsWith("Agent:Cameras:0:Source is empty", problems["Agent:Cameras:0:Source"], StringComparison.Ordinal);
        Assert.Equal("Store:MaxBatch must be between 1 and 10000", problems["Store:MaxBatch"]);
        Assert.Equal("Recognition:Candidates: 'many' is not a whole number", problems["Recognition:Candidates"]);
        Assert.StartsWith(
            $"Uplnk in {Path.GetFileName(config)} is not a section of the settings: did you mean Uplink?",
            problems["Uplnk"],
            StringComparison.Ordinal
        );
        Assert.Equal(5, problems.Count);

        // The human form: one line per problem under a count.
        CliRunner.Result human = await CliRunner.RunAsync("config", "check", "--config", config);
        Assert.Equal(2, human.ExitCode);
        Assert.Equal($"{config}: 5 problems", human.StdoutLines[0]);
        Assert.All(problems.Values, m => Assert.Contains(m, human.StdoutLines));

        // `run` refuses the same file with the same lines, having started nothing.
        CliRunner.Result run = await CliRunner.RunAsync("run", "--config", config);
        Assert.Equal(2, run.ExitCode);
        string[] refused = [.. run.Stderr.Split('\n').Where(l => l.StartsWith("edge-alpr: configuration error: ", StringComparison.Ordinal))];
        Assert.Equal(problems.Values.Select(m => $"edge-alpr: configuration error: {m}").Order(), refused.Order());
        Assert.False(Directory.Exists(_dir.File("store")));
    }

    [Fact]
    public async Task Check_names_the_line_and_column_of_a_file_that_is_not_JSON_and_a_file_that_does_not_exist()
    {
        string config = _dir.File("broken.json");
        File.WriteAllText(config, "{\n  \"Agent\": {\n    \"Cameras\": [ }\n}\n");
        CliRunner.Result result = await CliRunner.RunAsync("config", "check", "--config", config, "--json");
        Assert.Equal(2, result.ExitCode);
        JsonElement problem = Assert.Single(JsonDocument.Parse(result.StdoutLines[^1]).RootElement.GetProperty("problems").EnumerateArray());
        Assert.False(problem.TryGetProperty("key", out _));
        Assert.Equal(
            $"{config} is not valid JSON: line 3, column 18: '}}' is an invalid start of a value.",
            problem.GetProperty("message").GetString()
        );
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);

        CliRunner.Result missing = await CliRunner.RunAsync("config", "check", "--config", _dir.File("none.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"the settings file {_dir.File("none.json")} does not exist", missing.StdoutLines[1]);
    }

    [Fact]
    public async Task Show_gives_each_setting_its_source_and_prints_no_secret()
    {
        string storeKey = "store-" + Guid.NewGuid().ToString("N");
        string mqttPassword = "mqtt-" + Guid.NewGuid().ToString("N");
        string cameraPassword = "cam-" + Guid.NewGuid().ToString("N");
        string credentials = Directory.CreateDirectory(_dir.File("credentials")).FullName;
        File.WriteAllText(Path.Combine(credentials, "store-key"), storeKey + "\n");
        File.SetUnixFileMode(Path.Combine(credentials, "store-key"), UnixFileMode.UserRead);
        string config = Write(Settings());
        var environment = new Dictionary<string, string>
        {
            ["EDGEALPR_Agent__MaxConcurrent"] = "2",
            ["EDGEALPR_Agent__Cameras__1__Id"] = "south",
            ["EDGEALPR_Agent__Cameras__1__Source"] = $"rtsp://admin:{cameraPassword}@127.0.0.1:8554/cam",
            ["EDGEALPR_MQTT_PASSWORD"] = mqttPassword,
            ["EDGEALPR_STORE_KEY"] = "env-" + storeKey,
            ["CREDENTIALS_DIRECTORY"] = credentials,
        };

        CliRunner.Result json = await CliRunner.RunWithEnvironmentAsync(environment, "config", "show", "--config", config, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        JsonElement record = JsonDocument.Parse(json.StdoutLines[^1]).RootElement;
        Assert.Equal(config, record.GetProperty("file").GetString());
        Dictionary<string, (string? Value, string Source)> settings = record
            .GetProperty("settings")
            .EnumerateArray()
            .ToDictionary(
                s => s.GetProperty("key").GetString()!,
                s => (s.TryGetProperty("value", out JsonElement v) ? v.GetString() : null, s.GetProperty("source").GetString()!)
            );
        Assert.Equal(("256", "default"), settings["Agent:ReadQueue"]);
        Assert.Equal(("10", "default"), settings["Agent:Cameras:1:Fps"]);
        Assert.Equal(("cct_xs_v2_global", "appsettings"), settings["Recognition:OcrModel"]);
        Assert.Equal(("north", "file"), settings["Agent:Cameras:0:Id"]);
        Assert.Equal(("2", "environment"), settings["Agent:MaxConcurrent"]);
        Assert.Equal(("rtsp://***@127.0.0.1:8554/cam", "environment"), settings["Agent:Cameras:1:Source"]);
        Assert.Equal(("(secret)", "credential"), settings["Store:Key"]);
        Assert.Equal(("(secret)", "environment"), settings["Uplink:Password"]);

        CliRunner.Result human = await CliRunner.RunWithEnvironmentAsync(environment, "config", "show", "--config", config);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains(human.StdoutLines, l =>
            l.StartsWith("Agent:MaxConcurrent ", StringComparison.Ordinal) && l.EndsWith("= 2  [environment]", StringComparison.Ordinal)
        );
        foreach (CliRunner.Result output in new[] { json, human })
        {
            string all = string.Join('\n', output.StdoutLines) + output.Stderr;
            Assert.DoesNotContain(storeKey, all, StringComparison.Ordinal);
            Assert.DoesNotContain(mqttPassword, all, StringComparison.Ordinal);
            Assert.DoesNotContain(cameraPassword, all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Agent:Cameras:0:Source 'x' is neither a URL nor …", "Agent:Cameras:0:Source")]
    [InlineData("Store:KeyFile: store key file /k is open to group or others", "Store:KeyFile")]
    [InlineData("Agent:ReadAcceptance: min confidence must be …", "Agent:ReadAcceptance")]
    [InlineData("Agent:StatusFile's folder /run/x is writable by others", "Agent:StatusFile")]
    [InlineData("Alerts:Categories:amber_alert:LedColor is not a setting", "Alerts:Categories:amber_alert:LedColor")]
    [InlineData("People: at most 100 failures", "People")]
    [InlineData("the settings file /etc/edge-alpr/edge-alpr.json can be changed by others", null)]
    [InlineData("Unknown:Thing is not a section", null)]
    public void A_problem_s_key_is_the_key_path_its_message_starts_with(string message, string? key) =>
        Assert.Equal(key, EdgeAlpr.Hosting.SettingsCheck.KeyOf(message));

    /// <summary>A unit's settings that pass: a camera on a file, a store and its key, the status file, all in the test's folder.</summary>
    private Dictionary<string, object?> Settings()
    {
        File.WriteAllBytes(_dir.File("clip.mp4"), [0]);
        string key = _dir.File("store.key");
        if (!File.Exists(key))
        {
            EdgeAlpr.Storage.StoreKey.Create(key);
        }

        return new()
        {
            ["Agent"] = new Dictionary<string, object?>
            {
                ["State"] = "IL",
                ["StatusFile"] = _dir.File("status.json"),
                ["Cameras"] = new object[]
                {
                    new Dictionary<string, object?> { ["Id"] = "north", ["Source"] = _dir.File("clip.mp4") },
                },
            },
            ["Store"] = new Dictionary<string, object?>
            {
                ["Directory"] = _dir.File("store"),
                ["KeyFile"] = key,
                ["KeyVariable"] = "EDGEALPR_UNUSED_IN_THIS_TEST",
            },
            ["HotList"] = new Dictionary<string, object?> { ["Directory"] = _dir.File("hotlist") },
        };
    }

    private string Write(Dictionary<string, object?> settings)
    {
        string path = _dir.File($"unit-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(settings));
        return path;
    }
}
