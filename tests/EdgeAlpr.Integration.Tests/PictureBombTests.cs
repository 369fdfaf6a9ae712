using System.Diagnostics;
using System.Text.Json;
using EdgeAlpr.Capture;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.TestKit.Pictures;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Issue 20's decompression bomb: a PNG of about 50 KB declaring 20000×20000 pixels, which OpenCV
/// decoded into 1.2 GB. Every picture path refuses it from its header, before decoding, and goes on
/// with the other pictures: the decoder itself, <c>recognize</c>, and a picture-folder camera.
/// </summary>
public sealed class PictureBombTests : IDisposable
{
    private static readonly Lazy<byte[]> Bomb = new(() => BombPng.Zeros(20_000, 20_000));
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_decoder_refuses_the_bomb_in_milliseconds_without_a_large_allocation()
    {
        byte[] bomb = Bomb.Value;
        using var process = Process.GetCurrentProcess();
        long managedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long residentBefore = process.WorkingSet64;
        var time = Stopwatch.StartNew();

        InvalidImageException ex = Assert.Throws<InvalidImageException>(() => TestPictures.Portable.Decode(bomb, PictureHeader.DefaultMaxPixels));

        time.Stop();
        process.Refresh();
        long managed = GC.GetTotalAllocatedBytes(precise: true) - managedBefore;
        long resident = process.WorkingSet64 - residentBefore;
        Assert.Contains("20000×20000 (400 megapixels), more than the 50000000 pixels allowed", ex.Message, StringComparison.Ordinal);
        Assert.True(time.Elapsed < TimeSpan.FromMilliseconds(200), $"took {time.Elapsed.TotalMilliseconds} ms");
        Assert.True(managed < 1 << 20, $"allocated {managed} managed bytes");
        // Decoding would have taken 1.2 GB of native memory; other tests run in parallel, so the bound is loose but far below that.
        Assert.True(resident < 200L << 20, $"resident memory grew by {resident} bytes");

        // The same file under a limit it fits is decoded: the refusal is the limit's, not a failure to read the header.
        Assert.Equal(20_000L * 20_000, PictureHeader.Check(bomb, 400_000_000).Pixels);
    }

    [Fact]
    public async Task Recognize_reports_the_bomb_clearly_and_reads_the_other_picture()
    {
        File.WriteAllBytes(_dir.File("bomb.png"), Bomb.Value);

        var time = Stopwatch.StartNew();
        CliRunner.Result r = await CliRunner.RunAsync("recognize", _dir.File("bomb.png"), TestPaths.KnownImage);
        time.Stop();

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(2, r.StdoutLines.Length);
        using JsonDocument bomb = JsonDocument.Parse(r.StdoutLines[0]);
        Assert.Equal(
            "the Png picture is 20000×20000 (400 megapixels), more than the 50000000 pixels allowed (Recognition:MaxPicturePixels); it was not decoded",
            bomb.RootElement.GetProperty("error").GetString()
        );
        using JsonDocument good = JsonDocument.Parse(r.StdoutLines[1]);
        Assert.Equal("YG9X2G", good.RootElement.GetProperty("plates")[0].GetProperty("text").GetString());
        Assert.Contains("bomb.png: the Png picture is 20000×20000", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_limit_is_a_setting_checked_at_start()
    {
        CliRunner.Result r = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Recognition__MaxPicturePixels"] = "0" },
            "recognize",
            TestPaths.KnownImage
        );
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(
            "configuration error: Recognition:MaxPicturePixels must be between 1 and 1073741824 (OpenCV's own limit), got 0",
            r.Stderr,
            StringComparison.Ordinal
        );

        // A limit below the known picture (about 1 MP) refuses it too: the setting reaches the decoder.
        CliRunner.Result low = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["EDGEALPR_Recognition__MaxPicturePixels"] = "1000" },
            "recognize",
            TestPaths.KnownImage
        );
        Assert.Equal(1, low.ExitCode);
        Assert.Contains("more than the 1000 pixels allowed (Recognition:MaxPicturePixels)", low.StdoutLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_picture_folder_camera_skips_the_bomb_with_its_reason_and_plays_the_rest()
    {
        string folder = _dir.File("camera");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "a-bomb.png"), Bomb.Value);
        File.Copy(TestPaths.KnownImage, Path.Combine(folder, "b-car.jpg"));
        var skipped = new List<(string File, string Why)>();
        using var source = new ImageFolderSource(folder, 10, TestPictures.Portable, PictureHeader.DefaultMaxPixels);
        source.Skipped += (file, why) => skipped.Add((file, why));
        source.Open();

        (BgrPicture image, TimeSpan _) = source.Read() ?? throw new InvalidOperationException("no picture played");

        using (image)
        {
            using BgrPicture expected = TestPictures.Decode(TestPaths.KnownImage);
            Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
        }

        (string file, string why) = Assert.Single(skipped);
        Assert.Equal(Path.Combine(folder, "a-bomb.png"), file);
        Assert.Contains("20000×20000 (400 megapixels), more than the 50000000 pixels allowed", why, StringComparison.Ordinal);
        Assert.Null(source.Read());
    }
}
