using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr bench stream</c> on a small clip: every run and figure is there, the flat-out runs take every frame of
/// the clip, the paced runs are held to the camera's rate, and a read comes out no sooner than the tracker closes a pass.
/// </summary>
public sealed class StreamBenchTests
{
    [Fact]
    public async Task Bench_stream_runs_the_camera_path_flat_out_and_at_the_camera_rate_with_the_gate_on_and_off()
    {
        CliRunner.Result result = await CliRunner.RunAsync("bench", "stream", "--width", "320", "--height", "240", "--plates", "2", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement[] lines = [.. result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(
            ["flat_out_gate_on", "flat_out_gate_off", "camera_rate_gate_on", "camera_rate_gate_off"],
            lines[..^1].Select(l => l.GetProperty("run").GetString())
        );
        JsonElement summary = lines[^1];
        int frames = summary.GetProperty("frames").GetInt32();
        Assert.Equal(2, summary.GetProperty("vehicles").GetInt32());
        foreach (JsonElement run in lines[..2])
        {
            // Flat out, the queue waits for the processor: every frame of the clip is taken, none dropped.
            Assert.Equal(frames, run.GetProperty("frames").GetInt64());
            Assert.Equal(0, run.GetProperty("dropped").GetInt64());
        }

        Assert.Equal(0, lines[1].GetProperty("skipped_by_motion").GetInt64());
        foreach (JsonElement run in lines[2..4])
        {
            // Paced at 25 fps, the frames handed over (taken or dropped) are the clip's, no faster than the camera.
            Assert.Equal(frames, run.GetProperty("frames").GetInt64() + run.GetProperty("dropped").GetInt64());
            Assert.InRange(run.GetProperty("frames_per_second").GetDouble(), 1, 25 * 1.05);
            // A pass is closed once its plate is unseen for the tracker's 1.5 s: no read comes sooner.
            Assert.True(run.GetProperty("passes").GetInt32() > 0, run.ToString());
            Assert.True(run.GetProperty("read_latency_p50_ms").GetDouble() >= 1500, run.ToString());
        }

        foreach (JsonElement run in lines[..^1])
        {
            Assert.True(run.GetProperty("cpu_share").GetDouble() > 0, run.ToString());
            Assert.True(run.GetProperty("frames_recognised").GetInt64() > 0, run.ToString());
        }

        foreach (string figure in new[] { "cpu_per_camera", "cameras_per_two_cores", "no_pass_missed", "keeps_up", "flat_out_fps_gate_on" })
        {
            Assert.True(summary.TryGetProperty(figure, out _), $"the summary has no {figure}: {summary}");
        }
    }
}
