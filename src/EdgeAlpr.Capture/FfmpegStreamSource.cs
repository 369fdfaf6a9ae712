using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Text;

namespace EdgeAlpr.Capture;

/// <summary>
/// A network stream (RTSP, HTTP/MJPEG), a V4L2 camera (<c>/dev/videoN</c>) or a video file,
/// decoded by Debian's <c>ffmpeg</c> into raw BGR frames on a pipe, each read straight into a
/// pooled <see cref="BgrPicture"/>. ffmpeg is on every board (apt) and reads every container
/// and codec a camera sends, so no image library needs a video backend of its own. A live
/// source that delivers nothing for <see cref="StallTimeout"/> counts as lost; a file ends.
/// </summary>
public sealed class FfmpegStreamSource(string url, TimeSpan? openTimeout = null, TimeSpan? stallTimeout = null) : IFrameSource
{
    private readonly bool _device = url.StartsWith("/dev/video", StringComparison.Ordinal);
    private readonly bool _network = url.Contains("://", StringComparison.Ordinal);
    private Process? _ffmpeg;
    private Stream? _frames;

    /// <summary>
    /// Raw BGR on stdout. The colour conversion interpolates chroma at full resolution with accurate
    /// rounding: swscale's default shortcut smears the chroma of a plate's coloured strokes, which
    /// turned a 2 into a Z on a dev photo's clip that read right with this.
    /// </summary>
    private static readonly string[] OutputArguments =
    [
        "-sws_flags",
        "bicubic+accurate_rnd+full_chroma_int",
        "-an",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "pipe:1",
    ];

    private int _width;
    private int _height;
    private double _fps;
    private long _frameCount;
    private long _startTicks;

    private volatile string? _lastError;

    /// <summary>How long the stream may take to answer when opened.</summary>
    public TimeSpan OpenTimeout { get; } = openTimeout ?? TimeSpan.FromSeconds(10);

    /// <summary>How long the stream may deliver nothing before it counts as lost.</summary>
    public TimeSpan StallTimeout { get; } = stallTimeout ?? TimeSpan.FromSeconds(10);

    public string? LossReason { get; private set; }

    public string Description { get; } = UrlCredentials.Hide(url);

    public bool IsLive => _network || _device;

    public void Open()
    {
        CloseProcess();
        if (!_network && !File.Exists(url))
        {
            throw new CaptureException(_device ? $"camera device {url} does not exist" : $"video file not found: {url}");
        }

        (_width, _height, _fps) = Probe();
        _frameCount = 0;
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in InputArguments())
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string arg in OutputArguments)
        {
            start.ArgumentList.Add(arg);
        }

        _lastError = null;
        LossReason = null;
        _ffmpeg = Run(start);
        // ffmpeg says why a stream broke on stderr; the last line becomes the loss reason.
        _ffmpeg.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                _lastError = e.Data.Replace(url, Description, StringComparison.Ordinal);
            }
        };
        _ffmpeg.BeginErrorReadLine();
        _frames = _ffmpeg.StandardOutput.BaseStream;
        _startTicks = Stopwatch.GetTimestamp();
    }

    public (BgrPicture Image, TimeSpan StreamTime)? Read()
    {
        if (_frames is null)
        {
            throw new InvalidOperationException("the source is not open");
        }

        BgrPicture image = BgrPicture.Create(_width, _height);
        Memory<byte> pixels = image.PixelMemory;
        using var stall = new CancellationTokenSource(StallTimeout);
        try
        {
            int filled = 0;
            while (filled < pixels.Length)
            {
                int n = _frames.ReadAsync(pixels[filled..], stall.Token).AsTask().GetAwaiter().GetResult();
                if (n == 0)
                {
                    image.Dispose();
                    _ffmpeg?.WaitForExit(1000);
                    LossReason = _lastError is { } why ? $"the stream ended: {why}" : "the stream ended";
                    return null;
                }

                filled += n;
            }
        }
        catch (OperationCanceledException)
        {
            image.Dispose();
            CloseProcess();
            LossReason = $"no frame for {StallTimeout.TotalSeconds:F0} s";
            return null;
        }

        // A file's time is its frame count at its rate (decoding runs faster than real time); a live source's is the clock.
        TimeSpan time = IsLive ? Stopwatch.GetElapsedTime(_startTicks) : TimeSpan.FromSeconds(_frameCount / _fps);
        _frameCount++;
        return (image, time);
    }

    public void Dispose() => CloseProcess();

    private (int Width, int Height, double Fps) Probe()
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            string arg in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,r_frame_rate", "-of", "csv=p=0" }
        )
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string arg in InputArguments().Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using Process probe = Run(start);
        Task<string> output = probe.StandardOutput.ReadToEndAsync();
        Task<string> errors = probe.StandardError.ReadToEndAsync();
        if (!probe.WaitForExit(OpenTimeout))
        {
            probe.Kill(entireProcessTree: true);
            throw new CaptureException($"stream {Description} did not answer within {OpenTimeout.TotalSeconds:F0} s");
        }

        string[] size = output.Result.Trim().Split(',');
        if (
            probe.ExitCode != 0
            || size.Length < 2
            || !int.TryParse(size[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int w)
            || !int.TryParse(size[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int h)
            || w <= 0
            || h <= 0
        )
        {
            string why = errors.Result.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "no video stream";
            why = why.Replace(url, Description, StringComparison.Ordinal);
            throw new CaptureException(
                _network ? $"stream {Description} could not be opened: {why}"
                : _device ? $"camera device {Description} could not be opened (busy, or not a video capture device): {why}"
                : $"video file {Description} could not be opened (corrupt, or not a video ffmpeg reads): {why}"
            );
        }

        return (w, h, FrameRate(size.Length > 2 ? size[2] : ""));
    }

    private IEnumerable<string> InputArguments()
    {
        yield return "-nostdin";
        yield return "-loglevel";
        yield return "error";
        if (_device)
        {
            yield return "-f";
            yield return "v4l2";
        }

        if (url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            // TCP: cellular links drop UDP packets, and a torn frame is worse than a late one.
            yield return "-rtsp_transport";
            yield return "tcp";
        }

        yield return "-i";
        // A file path is named as one, so a name like "concat:…" or "-x" is never read as a protocol or an option.
        yield return _network || _device ? url : "file:" + Path.GetFullPath(url);
    }

    /// <summary>ffprobe's rate ("30000/1001"); 25 when it gives none (some raw streams).</summary>
    private static double FrameRate(string rate)
    {
        string[] parts = rate.Trim().Split('/');
        if (
            parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double den)
            && num > 0
            && den > 0
        )
        {
            return num / den;
        }

        return 25;
    }

    private static Process Run(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new CaptureException($"{start.FileName} could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new CaptureException(
                $"{start.FileName} is needed for cameras, streams and video files and was not found (install Debian's ffmpeg)",
                ex
            );
        }
    }

    private void CloseProcess()
    {
        if (_ffmpeg is { HasExited: false })
        {
            _ffmpeg.Kill(entireProcessTree: true);
            _ffmpeg.WaitForExit(2000);
        }

        _ffmpeg?.Dispose();
        _ffmpeg = null;
        _frames = null;
    }
}
