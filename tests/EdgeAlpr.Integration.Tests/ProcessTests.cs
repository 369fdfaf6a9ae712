using System.Text.Json;
using EdgeAlpr.Capture;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Integration.Tests;

/// <summary>`edge-alpr process` on a real clip and on sources that cannot be read.</summary>
[Collection(EngineCollection.Name)]
public sealed class ProcessTests(EngineFixture fixture)
{
    [Fact]
    public async Task A_clip_of_dev_photos_gives_exactly_one_read_per_photo_at_least_as_accurate_as_single_frames()
    {
        using var dir = new TempDir();
        string[] photos = [.. Directory.GetFiles(TestPaths.UsDev, "*.jpg").Order(StringComparer.Ordinal).Take(8)];
        string clip = await ClipMaker.FromPhotosAsync(photos, dir.Path);
        string[] truths = [.. photos.Select(p => GroundTruthPlate.Parse(File.ReadAllText(Path.ChangeExtension(p, ".txt"))).Text)];
        // Single-frame accuracy on the very frames of the clip: the share of frames whose plate is read right.
        int framesRight = 0,
            frames = 0;
        using (var capture = new FfmpegStreamSource(clip))
        {
            capture.Open();
            while (capture.Read() is (BgrPicture frame, _))
            {
                using (frame)
                {
                    string truth = truths[Math.Min(frames / 10, truths.Length - 1)];
                    framesRight += fixture.Engine.Recognize(frame).Plates.Any(p => p.Text == truth) ? 1 : 0;
                    frames++;
                }
            }
        }

        CliRunner.Result r = await CliRunner.RunAsync(
            "process",
            "--source",
            clip,
            "--out",
            dir.File("reads.jsonl"),
            "--camera",
            "lane1",
            "--location",
            "41.88,-87.63"
        );

        Assert.Equal(0, r.ExitCode);
        JsonElement[] reads = [.. File.ReadAllLines(dir.File("reads.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(photos.Length, reads.Length);
        string[] plates = [.. reads.Select(x => x.GetProperty("plate").GetString()!)];
        int fusedCorrect = plates.Zip(truths).Count(p => p.First == p.Second);
        Assert.Equal(photos.Length * 10, frames);
        Assert.True(
            (double)fusedCorrect / photos.Length >= (double)framesRight / frames,
            $"fused {fusedCorrect}/{photos.Length} vs single frames {framesRight}/{frames}: {string.Join(' ', plates)}"
        );
        Assert.Equal(reads.Length, reads.Select(x => x.GetProperty("id").GetGuid()).Distinct().Count());

        JsonElement first = reads[0];
        Assert.Equal(7, first.GetProperty("id").GetGuid().Version);
        Assert.Equal("lane1", first.GetProperty("camera_id").GetString());
        Assert.Equal(41.88, first.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.InRange(first.GetProperty("frames_used").GetInt32(), 3, 10);
        foreach (string image in new[] { "plate_image", "context_image" })
        {
            JsonElement img = first.GetProperty(image);
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir.Path, img.GetProperty("path").GetString()!));
            Assert.Equal(img.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            Assert.Equal(0xFF, bytes[0]); // JPEG
        }

        using JsonDocument summary = JsonDocument.Parse(r.StdoutLines[^1]);
        Assert.Equal("ended", summary.RootElement.GetProperty("cameras")[0].GetProperty("camera_state").GetString());
        Assert.Equal(photos.Length * 10, summary.RootElement.GetProperty("frames_received").GetInt32());
        Assert.Equal(photos.Length, summary.RootElement.GetProperty("reads").GetInt32());
    }

    [Fact]
    public async Task A_folder_of_pictures_plays_as_a_stream_and_bad_pictures_are_reported()
    {
        using var dir = new TempDir();
        // One photo shown for 6 frames at 10 fps, then a broken file.
        string frames = dir.KnownPhotoFrames(6);

        File.WriteAllBytes(Path.Combine(frames, "f99.jpg"), File.ReadAllBytes(TestPaths.KnownImage)[..3000]);

        CliRunner.Result r = await CliRunner.RunAsync(
            "process",
            "--source",
            frames,
            "--out",
            dir.File("reads.jsonl"),
            "--fps",
            "10",
            "--motion-gate",
            "false"
        );

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("f99.jpg: truncated JPEG", r.Stderr, StringComparison.Ordinal);
        JsonElement read = JsonDocument.Parse(Assert.Single(File.ReadAllLines(dir.File("reads.jsonl")))).RootElement;
        Assert.Equal("YG9X2G", read.GetProperty("plate").GetString());
        Assert.Equal(
            TimeSpan.FromMilliseconds(500),
            read.GetProperty("last_seen").GetDateTimeOffset() - read.GetProperty("first_seen").GetDateTimeOffset()
        );
    }

    [Theory]
    [InlineData("corrupt", "could not be opened (corrupt, or not a video ffmpeg reads)")]
    [InlineData("/dev/video97", "camera device /dev/video97 does not exist")]
    [InlineData("rtsp://127.0.0.1:9/none", "stream rtsp://127.0.0.1:9/none could not be opened")]
    public async Task Sources_that_cannot_be_read_fail_with_a_clear_reason(string source, string reason)
    {
        using var dir = new TempDir();
        if (source == "corrupt")
        {
            source = dir.File("corrupt.mp4");
            File.WriteAllBytes(source, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        }

        CliRunner.Result r = await CliRunner.RunAsync("process", "--source", source, "--out", dir.File("reads.jsonl"), "--retries", "1");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains(reason, r.Stderr, StringComparison.Ordinal);
        using JsonDocument summary = JsonDocument.Parse(r.StdoutLines[^1]);
        Assert.Equal("failed", summary.RootElement.GetProperty("cameras")[0].GetProperty("camera_state").GetString());
        Assert.Equal(0, summary.RootElement.GetProperty("reads").GetInt32());
    }

    [Fact]
    public async Task A_camera_that_fails_leaves_the_other_cameras_reading()
    {
        using var dir = new TempDir();
        string[] photos = [.. Directory.GetFiles(TestPaths.Eu, "*.jpg").Order(StringComparer.Ordinal).Take(3)];
        string clip = await ClipMaker.FromPhotosAsync(photos, dir.Path, 1280, 720);

        CliRunner.Result r = await CliRunner.RunAsync(
            "process",
            "--out",
            dir.File("reads.jsonl"),
            "--source",
            "/dev/video97",
            "--camera",
            "rear",
            "--direction",
            "southbound",
            "--source",
            clip,
            "--camera",
            "front",
            "--direction",
            "northbound"
        );

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("camera rear failed: camera device /dev/video97 does not exist", r.Stderr, StringComparison.Ordinal);
        JsonElement[] reads = [.. File.ReadAllLines(dir.File("reads.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(3, reads.Length);
        Assert.All(reads, x =>
        {
            Assert.Equal("front", x.GetProperty("camera_id").GetString());
            Assert.Equal("northbound", x.GetProperty("direction").GetString());
        });
        using JsonDocument summary = JsonDocument.Parse(r.StdoutLines[^1]);
        Assert.Equal(
            ["failed", "ended"],
            summary.RootElement.GetProperty("cameras").EnumerateArray().Select(c => c.GetProperty("camera_state").GetString())
        );
    }
}
