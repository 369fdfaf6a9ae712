using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeAlpr.Core.Text;
using OpenCvSharp;

namespace EdgeAlpr.Capture;

/// <summary>
/// A network stream (RTSP, HTTP/MJPEG) decoded by Debian's <c>ffmpeg</c> into raw BGR frames
/// on a pipe. A stream that delivers nothing for <see cref="StallTimeout"/> counts as lost.
/// </summary>
public sealed class FfmpegStreamSource(string url, TimeSpan? openTimeout = null, TimeSpan? stallTimeout = null) : IFrameSource
{
    private Process? _ffmpeg;
    private Stream? _frames;
    private byte[] _buffer = [];
    private int _width;
    private int _height;
    private long _startTicks;

    private volatile string? _lastError;

    /// <summary>How long the stream may take to answer when opened.</summary>
    public TimeSpan OpenTimeout { get; } = openTimeout ?? TimeSpan.FromSeconds(10);

    /// <summary>How long the stream may deliver nothing before it counts as lost.</summary>
    public TimeSpan StallTimeout { get; } = stallTimeout ?? TimeSpan.FromSeconds(10);

    public string? LossReason { get; private set; }

    public string Description { get; } = UrlCredentials.Hide(url);

    public bool IsLive => true;

    public void Open()
    {
        CloseProcess();
        (_width, _height) = Probe();
        _buffer = new byte[_width * _height * 3];
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in InputArguments())
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string arg in new[] { "-an", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1" })
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

    public (Mat Image, TimeSpan StreamTime)? Read()
    {
        if (_frames is null)
        {
            throw new InvalidOperationException("the source is not open");
        }

        using var stall = new CancellationTokenSource(StallTimeout);
        try
        {
            int filled = 0;
            while (filled < _buffer.Length)
            {
                int n = _frames.ReadAsync(_buffer.AsMemory(filled), stall.Token).AsTask().GetAwaiter().GetResult();
                if (n == 0)
                {
                    _ffmpeg?.WaitForExit(1000);
                    LossReason = _lastError is { } why ? $"the stream ended: {why}" : "the stream ended";
                    return null;
                }

                filled += n;
            }
        }
        catch (OperationCanceledException)
        {
            CloseProcess();
            LossReason = $"no frame for {StallTimeout.TotalSeconds:F0} s";
            return null;
        }

        var image = new Mat(_height, _width, MatType.CV_8UC3);
        Marshal.Copy(_buffer, 0, image.Data, _buffer.Length);
        return (image, Stopwatch.GetElapsedTime(_startTicks));
    }

    public void Dispose() => CloseProcess();

    private (int Width, int Height) Probe()
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0" })
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
            || size.Length != 2
            || !int.TryParse(size[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int w)
            || !int.TryParse(size[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int h)
            || w <= 0
            || h <= 0
        )
        {
            string why = errors.Result.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "no video stream";
            throw new CaptureException($"stream {Description} could not be opened: {why.Replace(url, Description, StringComparison.Ordinal)}");
        }

        return (w, h);
    }

    private IEnumerable<string> InputArguments()
    {
        yield return "-nostdin";
        yield return "-loglevel";
        yield return "error";
        if (url.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            // TCP: cellular links drop UDP packets, and a torn frame is worse than a late one.
            yield return "-rtsp_transport";
            yield return "tcp";
        }

        yield return "-i";
        yield return url;
    }

    private static Process Run(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new CaptureException($"{start.FileName} could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new CaptureException($"{start.FileName} is needed for network streams and was not found (install Debian's ffmpeg)", ex);
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
