using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Synthesis;

namespace EdgeAlpr.Integration.Tests;

/// <summary>`edge-alpr synth` makes a clip whose plates the agent reads through the same path as a camera's.</summary>
public sealed class SynthTests
{
    [Fact]
    public async Task A_synthetic_clip_gives_one_read_per_vehicle_none_under_its_regions_length_and_most_are_read_exactly()
    {
        using var dir = new TempDir();

        CliRunner.Result made = await CliRunner.RunAsync(
            "synth",
            "--out",
            dir.File("clip.mp4"),
            "--truth",
            dir.File("truth.json"),
            "--plates",
            "6",
            "--seed",
            "1"
        );
        Assert.Equal(0, made.ExitCode);
        using JsonDocument truth = JsonDocument.Parse(File.ReadAllText(dir.File("truth.json")));
        string[] plates = [.. truth.RootElement.GetProperty("plates").EnumerateArray().Select(p => p.GetProperty("text").GetString()!)];
        Assert.Equal(6, plates.Length);
        JsonElement firstPlate = truth.RootElement.GetProperty("plates")[0];
        Assert.Equal(
            firstPlate.GetProperty("last_frame").GetInt32() - firstPlate.GetProperty("first_frame").GetInt32() + 1,
            firstPlate.GetProperty("boxes").GetArrayLength()
        );

        CliRunner.Result processed = await CliRunner.RunAsync("process", "--source", dir.File("clip.mp4"), "--out", dir.File("reads.jsonl"));

        Assert.Equal(0, processed.ExitCode);
        JsonElement[] lines = [.. File.ReadAllLines(dir.File("reads.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];
        string[] reads = [.. lines.Select(r => r.GetProperty("plate").GetString()!)];
        Assert.Equal(plates.Length, reads.Length);
        foreach (JsonElement read in lines)
        {
            RegionGuess? region = read.TryGetProperty("region", out JsonElement r)
                ? new RegionGuess(r.GetProperty("name").GetString()!, r.GetProperty("confidence").GetSingle())
                : null;
            Assert.True(read.GetProperty("plate").GetString()!.Length >= PlateRegionRules.BuiltIn.For(region).MinCharacters, read.ToString());
        }

        // Every pass is accounted for: what was not written is counted under its reason.
        JsonElement summary = JsonDocument.Parse(processed.StdoutLines[^1]).RootElement;
        JsonElement camera = summary.GetProperty("cameras")[0];
        Assert.Equal(reads.Length, summary.GetProperty("reads").GetInt32());
        Assert.Equal(
            camera.GetProperty("reads").GetInt32() + camera.GetProperty("doubtful").GetInt32(),
            reads.Length + summary.GetProperty("reads_suppressed").GetProperty("total").GetInt32()
        );
        int exact = plates.Count(p => reads.Contains(p));
        Assert.True(
            exact * 2 > plates.Length,
            $"{exact}/{plates.Length} read exactly: truth {string.Join(' ', plates)}, reads {string.Join(' ', reads)}"
        );
    }

    /// <summary>
    /// The clip's pixels, sensor noise included, come from the seed alone: not from what OpenCV's
    /// thread-local random generator drew before on the rendering thread (the agent tests' clip is
    /// rendered inside the test process, on whichever thread runs the fixture, and its first car
    /// once read differently for that reason).
    /// </summary>
    [Fact]
    public void The_same_seed_renders_the_same_clip_whatever_was_drawn_at_random_before_on_the_thread()
    {
        using var dir = new TempDir();
        var renderer = new TrafficClipRenderer(320, 240);

        renderer.Render(dir.File("a.mp4"), plates: 1, seed: 5, CancellationToken.None);
        // Whatever else drew at random in between (the shared generator) must not change the clip.
        _ = Random.Shared.Next();

        renderer.Render(dir.File("b.mp4"), plates: 1, seed: 5, CancellationToken.None);

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(dir.File("a.mp4"))), SHA256.HashData(File.ReadAllBytes(dir.File("b.mp4"))));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_plates()
    {
        using var dir = new TempDir();
        await CliRunner.RunAsync("synth", "--out", dir.File("a.mp4"), "--truth", dir.File("a.json"), "--plates", "2", "--seed", "7");
        await CliRunner.RunAsync("synth", "--out", dir.File("b.mp4"), "--truth", dir.File("b.json"), "--plates", "2", "--seed", "7");
        Assert.Equal(File.ReadAllText(dir.File("a.json")), File.ReadAllText(dir.File("b.json")));
    }
}
