using EdgeAlpr.Hosting.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The running agent's settings are checked before anything starts, one line per problem naming its key.</summary>
public sealed class AgentOptionsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Good_settings_pass()
    {
        File.WriteAllBytes(_dir.File("clip.mp4"), [0]);
        var options = new AgentOptions
        {
            State = "IL",
            Cameras =
            [
                new CameraOptions
                {
                    Id = "north",
                    Source = _dir.File("clip.mp4"),
                    Zone = "0,0 100,0 100,100",
                },
                new CameraOptions { Id = "south", Source = "rtsp://127.0.0.1:8554/cam" },
            ],
        };
        ValidateOptionsResult result = new AgentOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    public void The_linger_after_the_cameras_end_is_at_most_a_day(string linger, bool good)
    {
        var options = new AgentOptions
        {
            Cameras = [new CameraOptions { Id = "south", Source = "rtsp://127.0.0.1:8554/cam" }],
            LingerAfterCamerasEnd = TimeSpan.Parse(linger, System.Globalization.CultureInfo.InvariantCulture),
        };
        ValidateOptionsResult result = new AgentOptionsValidator().Validate(null, options);
        Assert.Equal(good, result.Succeeded);
        if (!good)
        {
            Assert.Contains(
                $"Agent:LingerAfterCamerasEnd {options.LingerAfterCamerasEnd} must be between 00:00:00 and 1.00:00:00",
                result.FailureMessage
            );
        }
    }

    [Fact]
    public void Read_acceptance_is_bound_checked_at_start_and_reaches_the_cameras()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Agent:Cameras:0:Id"] = "south",
                    ["Agent:Cameras:0:Source"] = "rtsp://127.0.0.1:8554/cam",
                    ["Agent:ReadAcceptance:MinConfidence"] = "0.25",
                    ["Agent:ReadAcceptance:MinAgreeingFrames"] = "0",
                    ["Agent:ReadAcceptance:MaxBoxAspect"] = "0.5",
                    ["Agent:ReadAcceptance:MinConfidense"] = "0.3",
                }
            )
            .Build();
        AgentOptions options = configuration.GetSection(AgentOptions.Section).Get<AgentOptions>()!;
        UnknownSettings unknown = UnknownSettings.Find(configuration.GetSection("Agent"), typeof(AgentOptions));

        string[] failures = [.. new AgentOptionsValidator(unknown).Validate(null, options).Failures!];

        Assert.Contains(failures, p => p.StartsWith("Agent:ReadAcceptance:MinConfidense is not a setting", StringComparison.Ordinal));
        Assert.Contains("Agent:ReadAcceptance: MinAgreeingFrames must be between 1 and 1000, got 0", failures);
        Assert.Contains(failures, p => p.StartsWith("Agent:ReadAcceptance: need 0 < MinBoxAspect ≤ MaxBoxAspect", StringComparison.Ordinal));
        Assert.Equal(0.25f, options.CameraPipeline(new AgentIdentity("unit-7", null, false, DateTimeOffset.UnixEpoch)).Acceptance.MinConfidence);
        Assert.Empty(new AgentOptionsValidator().Validate(null, new AgentOptions { Cameras = options.Cameras }).Failures ?? []);
    }

    [Fact]
    public void Every_camera_problem_is_named_with_its_key()
    {
        var options = new AgentOptions
        {
            State = "Illinois",
            ShutdownTimeout = TimeSpan.Zero,
            Cameras =
            [
                new CameraOptions { Id = "cam1", Source = _dir.File("missing.mp4") },
                new CameraOptions { Id = "cam1", Source = "ftp://camera.local/stream" },
                new CameraOptions
                {
                    Id = "",
                    Source = "",
                    Fps = -1,
                    Zone = "1,2 3",
                },
                new CameraOptions { Id = "bad id!", Source = "/dev/video97" },
            ],
        };
        string[] problems = [.. new AgentOptionsValidator().Validate(null, options).Failures!];
        Assert.Contains(problems, p =>
            p.StartsWith("Agent:Cameras:0:Source", StringComparison.Ordinal)
            && p.Contains("missing.mp4' is neither a URL nor an existing", StringComparison.Ordinal)
        );
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:1:Id 'cam1' is used by another camera", StringComparison.Ordinal));
        Assert.Contains(problems, p =>
            p.Contains("Agent:Cameras:1:Source", StringComparison.Ordinal)
            && p.Contains("unknown camera source scheme 'ftp'", StringComparison.Ordinal)
        );
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:2:Id is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:2:Source is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:2:Fps", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:2:Zone", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:3:Id 'bad id!' may hold only", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Cameras:3:Source '/dev/video97' does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:State 'Illinois'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:ShutdownTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void A_camera_password_in_a_bad_source_url_is_not_echoed()
    {
        var options = new AgentOptions
        {
            Cameras =
            [
                new CameraOptions { Id = "cam1", Source = "ftp://admin:cam-secret-1@camera.local/live" },
                new CameraOptions { Id = "cam2", Source = "rtsp://admin:cam-secret-2@:554/live" },
            ],
        };
        string all = string.Join("\n", new AgentOptionsValidator().Validate(null, options).Failures!);
        Assert.Contains("'ftp://***@camera.local/live': unknown camera source scheme 'ftp'", all, StringComparison.Ordinal);
        Assert.Contains("'rtsp://***@:554/live' is not a valid URL", all, StringComparison.Ordinal);
        Assert.DoesNotContain("cam-secret", all, StringComparison.Ordinal);
    }

    [Fact]
    public void No_camera_at_all_is_a_problem()
    {
        Assert.Contains(
            "Agent:Cameras is empty",
            new AgentOptionsValidator().Validate(null, new AgentOptions()).FailureMessage,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_misspelt_setting_is_reported_instead_of_ignored()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Agent:State"] = "IL",
                    ["Agent:Cameraz:0:Id"] = "x",
                    ["Agent:Cameras:0:Id"] = "north",
                    ["Agent:Cameras:0:Sorce"] = "/dev/video0",
                }
            )
            .Build();
        UnknownSettings unknown = UnknownSettings.Find(configuration.GetSection("Agent"), typeof(AgentOptions));
        Assert.Equal(2, unknown.Problems.Count);
        Assert.Contains(unknown.Problems, p => p.StartsWith("Agent:Cameraz is not a setting: did you mean Agent:Cameras?", StringComparison.Ordinal));
        Assert.Contains(unknown.Problems, p =>
            p.StartsWith(
                "Agent:Cameras:0:Sorce is not a setting: did you mean Agent:Cameras:0:Source? (the settings of Agent:Cameras:0 are Id, Source,",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(new AgentOptionsValidator(unknown).Validate(null, new AgentOptions()).Failures!, p =>
            p.StartsWith("Agent:Cameraz", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Cpu_temperature_prefers_the_cpu_zone_and_skips_nonsense()
    {
        string root = _dir.File("thermal");
        Zone(root, 0, "gpu-thermal", "71000");
        Zone(root, 1, "cpu-thermal", "54321");
        Zone(root, 2, "broken", "-273000");
        Assert.Equal(54.3, CpuTemperature.Read(root));
        Directory.Delete(Path.Combine(root, "thermal_zone1"), recursive: true);
        Assert.Equal(71.0, CpuTemperature.Read(root));
        Assert.Null(CpuTemperature.Read(_dir.File("no-such-folder")));
    }

    [Fact]
    public void The_settings_recorded_in_the_audit_trail_are_the_agents_own_with_secrets_masked()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Agent:Profile"] = "patrol",
                    ["Uplink:Broker"] = "mqtts://platform.example:8883",
                    ["Uplink:Password"] = "hunter2-do-not-record",
                    ["Uplink:ApiToken"] = "tok-123",
                    ["Store:KeyFile"] = "/etc/edge-alpr/store.key",
                    ["Agent:Cameras:0:Source"] = "rtsp://admin:cam-pass-77@10.0.0.5/stream1",
                    ["PATH"] = "/usr/bin",
                }
            )
            .Build();

        IReadOnlyDictionary<string, string?> settings = SettingsSnapshot.Of(configuration);

        Assert.Equal("patrol", settings["Agent:Profile"]);
        Assert.Equal("/etc/edge-alpr/store.key", settings["Store:KeyFile"]);
        Assert.Equal(SettingsSnapshot.Masked, settings["Uplink:Password"]);
        Assert.Equal(SettingsSnapshot.Masked, settings["Uplink:ApiToken"]);
        Assert.Equal("rtsp://***@10.0.0.5/stream1", settings["Agent:Cameras:0:Source"]);
        Assert.False(settings.ContainsKey("PATH"));
        Assert.DoesNotContain(settings.Values, v =>
            v?.Contains("hunter2", StringComparison.Ordinal) == true || v?.Contains("cam-pass", StringComparison.Ordinal) == true
        );
        Assert.Equal("environment", SettingsSnapshot.Source(configuration));
    }

    private static void Zone(string root, int n, string type, string milli)
    {
        string zone = Path.Combine(root, $"thermal_zone{n}");
        Directory.CreateDirectory(zone);
        File.WriteAllText(Path.Combine(zone, "type"), type + "\n");
        File.WriteAllText(Path.Combine(zone, "temp"), milli + "\n");
    }
}
