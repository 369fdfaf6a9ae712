using OpenCvSharp;

namespace EdgeAlpr.Capture;

/// <summary>A video file or a V4L2 device (<c>/dev/videoN</c>) through OpenCV.</summary>
public sealed class VideoCaptureSource(string path) : IFrameSource
{
    private VideoCapture? _capture;
    private long _frames;

    public string Description => path;

    public bool IsLive { get; } = path.StartsWith("/dev/video", StringComparison.Ordinal);

    public void Open()
    {
        if (!File.Exists(path))
        {
            throw new CaptureException(IsLive ? $"camera device {path} does not exist" : $"video file not found: {path}");
        }

        _capture?.Dispose();
        _capture =
            IsLive && int.TryParse(path["/dev/video".Length..], out int index)
                ? new VideoCapture(index, VideoCaptureAPIs.V4L2)
                : new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        if (!_capture.IsOpened())
        {
            _capture.Dispose();
            _capture = null;
            throw new CaptureException(
                IsLive
                    ? $"camera device {path} could not be opened (busy, or not a video capture device)"
                    : $"video file {path} could not be opened (corrupt, or a format OpenCV cannot decode)"
            );
        }

        _frames = 0;
    }

    public (Mat Image, TimeSpan StreamTime)? Read()
    {
        if (_capture is null)
        {
            throw new InvalidOperationException("the source is not open");
        }

        var image = new Mat();
        if (!_capture.Read(image) || image.Empty())
        {
            image.Dispose();
            return null;
        }

        _frames++;
        double ms = _capture.PosMsec;
        double fps = _capture.Fps;
        // Some containers report no position; fall back to the frame count at the nominal rate.
        TimeSpan time = ms > 0 ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds((_frames - 1) / (fps > 0 ? fps : 25));
        return (image, time);
    }

    public void Dispose() => _capture?.Dispose();
}
