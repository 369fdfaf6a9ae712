using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary><c>edge-alpr alert test</c>: the alert a hit of a category would raise, its sound checked with sox.</summary>
public sealed class AlertCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_test_alert_writes_the_tone_and_spoken_announcement_a_real_hit_would_play()
    {
        string wav = _dir.File("stolen.wav");
        CliRunner.Result result = await CliRunner.RunAsync("alert", "test", "--category", "stolen", "--plate", "ABC123", "--wav", wav, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement alert = JsonDocument.Parse(result.StdoutLines[^1]).RootElement;
        Assert.Equal(
            "Stolen vehicle. Plate Alpha Bravo Charlie one two three. Unverified. Verify before action.",
            alert.GetProperty("announcement").GetString()
        );
        Assert.Contains(
            "UNVERIFIED: confirm through LEADS/NCIC before any enforcement action",
            alert.GetProperty("lines").EnumerateArray().Select(l => l.GetString())
        );
        Assert.True(alert.GetProperty("audible").GetBoolean());

        ProcessResult soxi = await ProcessRunner.RunAsync("soxi", ["-D", wav], timeout: null);
        double seconds = double.Parse(soxi.Stdout, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 3, 20);
    }

    [Fact]
    public async Task A_covert_test_alert_is_silent_and_bad_settings_or_names_are_refused()
    {
        CliRunner.Result covert = await CliRunner.RunAsync(
            "alert",
            "test",
            "--category",
            "amber",
            "--covert",
            "--wav",
            _dir.File("none.wav"),
            "--json"
        );
        Assert.Equal(0, covert.ExitCode);
        Assert.False(JsonDocument.Parse(covert.StdoutLines[^1]).RootElement.GetProperty("audible").GetBoolean());
        Assert.False(File.Exists(_dir.File("none.wav")));
        Assert.Contains("makes no sound (covert unit)", covert.Stderr, StringComparison.Ordinal);

        CliRunner.Result darkened = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Alerts__Categories__amber_alert__LedColour"] = "Off" },
            "alert",
            "test",
            "--category",
            "amber"
        );
        Assert.Equal(2, darkened.ExitCode);
        Assert.Contains("cannot be off", darkened.Stderr, StringComparison.Ordinal);

        CliRunner.Result unknown = await CliRunner.RunAsync("alert", "test", "--category", "parking");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown category 'parking'", unknown.Stderr, StringComparison.Ordinal);

        CliRunner.Result noDevice = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Alerts__Audio__Device"] = "edge-alpr-no-such-device" },
            "alert",
            "test",
            "--category",
            "felony"
        );
        Assert.Equal(1, noDevice.ExitCode);
        Assert.Contains("alerts are visual only", noDevice.Stderr, StringComparison.Ordinal);
        Assert.Contains("FELONY VEHICLE: ABC123", noDevice.StdoutLines);
    }
}
