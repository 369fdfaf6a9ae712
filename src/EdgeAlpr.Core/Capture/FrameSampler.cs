namespace EdgeAlpr.Core.Capture;

/// <summary>
/// Picks frames to process at a target rate from a faster stream: a frame is taken when at
/// least 1/fps has passed since the last one taken (by capture time, so the choice does not
/// depend on how fast frames are processed).
/// </summary>
public sealed class FrameSampler
{
    private readonly TimeSpan _interval;
    private DateTimeOffset? _last;

    /// <param name="targetFps">Frames per second to keep; 0 or less keeps every frame.</param>
    public FrameSampler(double targetFps) => _interval = targetFps > 0 ? TimeSpan.FromSeconds(1 / targetFps) : TimeSpan.Zero;

    public bool Take(DateTimeOffset capturedAt)
    {
        // A small tolerance keeps a 30 fps stream sampled at 10 fps from drifting to every fourth frame.
        if (_last is { } last && capturedAt - last < _interval * 0.9)
        {
            return false;
        }

        _last = capturedAt;
        return true;
    }
}
