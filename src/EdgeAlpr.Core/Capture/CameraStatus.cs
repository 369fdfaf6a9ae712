namespace EdgeAlpr.Core.Capture;

public enum CameraState
{
    Connecting,
    Connected,
    Reconnecting,

    /// <summary>A finite source (file, folder) reached its end.</summary>
    Ended,

    /// <summary>Gave up: the source cannot be opened (or retries are exhausted).</summary>
    Failed,
}

/// <summary>A change in a camera's state, with the reason when it is a problem.</summary>
public sealed record CameraStatus(string CameraId, CameraState State, DateTimeOffset At, string? Reason = null, int Attempt = 0);
