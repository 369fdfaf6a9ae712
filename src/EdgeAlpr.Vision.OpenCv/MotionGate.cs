using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>
/// Says whether a frame differs enough from the last one looked at to be worth reading, so
/// an empty road costs a small grey thumbnail per frame instead of a detector run. A frame
/// is let through anyway every <see cref="MaxQuiet"/>, so a vehicle that stopped in view is
/// not missed.
/// </summary>
public sealed class MotionGate(double changedFraction = 0.002, TimeSpan? maxQuiet = null) : IDisposable
{
    private const int ThumbnailWidth = 160;
    private const int PixelThreshold = 20;

    private readonly Mat _previous = new();
    private readonly Mat _current = new();
    private readonly Mat _difference = new();
    private DateTimeOffset _lastPassed;

    public TimeSpan MaxQuiet { get; } = maxQuiet ?? TimeSpan.FromSeconds(2);

    public bool ShouldProcess(Mat frame, DateTimeOffset at)
    {
        int height = Math.Max(1, frame.Height * ThumbnailWidth / Math.Max(1, frame.Width));
        using (var small = new Mat())
        {
            Cv2.Resize(frame, small, new Size(ThumbnailWidth, height), 0, 0, InterpolationFlags.Area);
            Cv2.CvtColor(small, _current, ColorConversionCodes.BGR2GRAY);
        }

        Cv2.GaussianBlur(_current, _current, new Size(5, 5), 0);
        bool first = _previous.Empty() || _previous.Size() != _current.Size();
        bool changed = first;
        if (!first)
        {
            Cv2.Absdiff(_current, _previous, _difference);
            Cv2.Threshold(_difference, _difference, PixelThreshold, 255, ThresholdTypes.Binary);
            changed = Cv2.CountNonZero(_difference) >= changedFraction * _difference.Total();
        }

        if (changed || at - _lastPassed >= MaxQuiet)
        {
            _current.CopyTo(_previous);
            _lastPassed = at;
            return true;
        }

        return false;
    }

    public void Dispose()
    {
        _previous.Dispose();
        _current.Dispose();
        _difference.Dispose();
    }
}
