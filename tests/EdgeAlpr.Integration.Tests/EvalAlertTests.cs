using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary><c>eval --hotlist-background</c>: what reaches the officer, measured as the agent decides it.</summary>
public sealed class EvalAlertTests
{
    [Fact]
    public async Task Listed_plates_sound_and_the_summary_counts_false_alerts_and_misses()
    {
        using var listed = new TempDir();
        listed.CopyPhotosFrom(TestPaths.Eu, 4);
        // One label one character off what the photo shows (G read, Z labelled: not OCR-equivalent): its own entry cannot sound.
        string known = Path.GetFileName(TestPaths.KnownImage);
        File.Copy(TestPaths.KnownImage, listed.File(known));
        File.WriteAllText(listed.File(Path.ChangeExtension(known, ".txt")), $"{known}\t935\t362\t99\t49\tYG9X2Z\n");
        using var passing = new TempDir();
        passing.CopyPhotosFrom(TestPaths.UsDev, 3);

        CliRunner.Result r = await CliRunner.RunAsync(
            "eval",
            "--dataset",
            listed.Path,
            "--hotlist-background",
            "20000",
            "--passing",
            passing.Path,
            "--json"
        );

        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.StdoutLines[^1]);
        JsonElement s = doc.RootElement;
        Assert.Equal(5, s.GetProperty("listed_plates").GetInt32());
        Assert.True(s.GetProperty("hotlist_entries").GetInt32() > 19_000);
        Assert.Equal(0.8, s.GetProperty("hit_recall").GetDouble());
        JsonElement miss = Assert.Single(s.GetProperty("alert_misses").EnumerateArray());
        Assert.Equal("YG9X2Z", miss.GetProperty("truth").GetString());
        Assert.Contains("YG9X2G", miss.GetProperty("read").EnumerateArray().Select(e => e.GetString()));
        Assert.True(s.GetProperty("passing_reads").GetInt32() >= 3);
        foreach (string key in new[] { "false_sounding_per_1000", "false_quiet_per_1000", "false_hits_per_1000", "passing_false_sounding_per_1000" })
        {
            Assert.InRange(s.GetProperty(key).GetDouble(), 0, 1000);
        }

        // The same reads at rising sounding scores: recall can only fall, and false sounding alerts too.
        JsonElement[] curve = [.. s.GetProperty("operating_points").EnumerateArray()];
        Assert.True(curve.Length >= 5);
        for (int i = 1; i < curve.Length; i++)
        {
            Assert.True(curve[i].GetProperty("sounding_score").GetDouble() > curve[i - 1].GetProperty("sounding_score").GetDouble());
            Assert.True(curve[i].GetProperty("hit_recall").GetDouble() <= curve[i - 1].GetProperty("hit_recall").GetDouble());
            Assert.True(
                curve[i].GetProperty("false_sounding_per_1000").GetDouble() <= curve[i - 1].GetProperty("false_sounding_per_1000").GetDouble()
            );
        }
    }

    [Fact]
    public async Task Passing_photos_without_a_list_are_refused_before_any_work()
    {
        CliRunner.Result r = await CliRunner.RunAsync("eval", "--dataset", TestPaths.Eu, "--passing", TestPaths.UsDev, "--json");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--passing needs --hotlist-background", r.Stderr, StringComparison.Ordinal);
    }
}
