namespace EdgeAlpr.Integration.Tests;

/// <summary>Makes test clips with Debian's ffmpeg: each photo held for one second at 10 fps, slowly zooming and panning.</summary>
internal static class ClipMaker
{
    public static async Task<string> FromPhotosAsync(IReadOnlyList<string> photos, string folder, int width = 1920, int height = 1080)
    {
        var segments = new List<string>();
        for (int i = 0; i < photos.Count; i++)
        {
            string segment = Path.Combine(folder, $"seg{i:D3}.mp4");
            // Fit the whole photo in the frame (padded), then zoom in by 0.4% a frame while panning right 3 pixels a frame.
            string filter =
                $"scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,"
                + $"zoompan=z='1+0.004*on':x='iw/2-(iw/zoom/2)+on*3':y='ih/2-(ih/zoom/2)':d=1:s={width}x{height}:fps=10,setsar=1";
            await RunAsync(
                "-y",
                "-loglevel",
                "error",
                "-loop",
                "1",
                "-framerate",
                "10",
                "-t",
                "1",
                "-i",
                photos[i],
                "-vf",
                filter,
                "-r",
                "10",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "18",
                "-pix_fmt",
                "yuv420p",
                segment
            );
            segments.Add(segment);
        }

        string list = Path.Combine(folder, "segments.txt");
        await File.WriteAllLinesAsync(list, segments.Select(s => $"file '{s}'"));
        string clip = Path.Combine(folder, "clip.mp4");
        await RunAsync("-y", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", clip);
        return clip;
    }

    private static async Task RunAsync(params string[] args)
    {
        ProcessResult p = await ProcessRunner.RunAsync("ffmpeg", args, timeout: null);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({p.ExitCode}): {p.Stderr}");
        }
    }
}
