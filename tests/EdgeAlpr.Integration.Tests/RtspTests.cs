using System.Diagnostics;
using EdgeAlpr.Capture;
using EdgeAlpr.Core.Capture;

namespace EdgeAlpr.Integration.Tests;

/// <summary>A real RTSP server on loopback (GStreamer) that dies mid-stream and comes back.</summary>
public sealed class RtspTests
{
    [Fact]
    public async Task A_camera_whose_server_restarts_mid_stream_is_reconnected_and_keeps_delivering()
    {
        using var dir = new TempDir();
        string[] photos = [.. Directory.GetFiles(TestPaths.UsDev, "*.jpg").Order(StringComparer.Ordinal).Take(3)];
        string clip = await ClipMaker.FromPhotosAsync(photos, dir.Path, 640, 360);
        int port = FreePort.Next();
        string url = $"rtsp://127.0.0.1:{port}/cam";

        Process server = await StartServerAsync(port, clip);
        var reader = new CameraReader(
            "gate",
            new FfmpegStreamSource(url),
            new CameraReaderOptions
            {
                ReconnectInitial = TimeSpan.FromMilliseconds(200),
                ReconnectMaximum = TimeSpan.FromSeconds(1),
                QueueCapacity = 64,
            }
        );
        var states = new List<CameraStatus>();
        reader.StatusChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task run = reader.RunAsync(stop.Token);

        try
        {
            await ReadFramesAsync(reader, 10, 0, stop.Token);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await WaitForAsync(() => Seen(states).Contains(CameraState.Reconnecting), stop.Token);
            server = await StartServerAsync(port, clip);
            await WaitForAsync(() => Seen(states).SkipWhile(s => s != CameraState.Reconnecting).Contains(CameraState.Connected), stop.Token);

            // Frames captured after the reconnection (older ones may still be queued).
            long reconnectedAt = reader.Captured;
            await ReadFramesAsync(reader, 10, reconnectedAt, stop.Token);

            List<CameraState> seen = Seen(states);
            int firstConnected = seen.IndexOf(CameraState.Connected);
            int reconnecting = seen.IndexOf(CameraState.Reconnecting, firstConnected + 1);
            Assert.True(firstConnected >= 0 && reconnecting > firstConnected, string.Join(",", seen));
            Assert.Contains(CameraState.Connected, seen.Skip(reconnecting + 1));
            CameraStatus lost;
            lock (states)
            {
                lost = states.First(s => s.State == CameraState.Reconnecting);
            }

            Assert.Contains("retrying in", lost.Reason, StringComparison.Ordinal);
            Assert.StartsWith("the stream ended", lost.Reason, StringComparison.Ordinal); // why, from ffmpeg
            Assert.DoesNotContain("rtsp://127.0.0.1", lost.Reason!.Replace(url, "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            server.Kill(entireProcessTree: true);
            await run;
        }
    }

    /// <summary>Reads until <paramref name="count"/> frames with an index of at least <paramref name="fromIndex"/> have arrived.</summary>
    private static async Task ReadFramesAsync(CameraReader reader, int count, long fromIndex, CancellationToken token)
    {
        int seen = 0;
        while (seen < count)
        {
            using CapturedFrame frame = await reader.Frames.ReadAsync(token);
            if (frame.Index >= fromIndex)
            {
                Assert.Equal((640, 360), (frame.Image.Width, frame.Image.Height));
                seen++;
            }
        }
    }

    private static List<CameraState> Seen(List<CameraStatus> states)
    {
        lock (states)
        {
            return states.Select(s => s.State).ToList();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken token)
    {
        while (!condition())
        {
            await Task.Delay(50, token);
        }
    }

    private static async Task<Process> StartServerAsync(int port, string clip)
    {
        // Debian's interpreter: python3-gi is installed for it, not for other Pythons on PATH.
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.Root, "tests", "tools", "rtsp_serve.py"));
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(clip);
        Process server = Process.Start(start)!;
        string? line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (line != "ready")
        {
            string errors = await server.StandardError.ReadToEndAsync();
            throw new InvalidOperationException($"RTSP test server did not start: {line} {errors}");
        }

        return server;
    }
}
