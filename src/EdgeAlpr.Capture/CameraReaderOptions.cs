namespace EdgeAlpr.Capture;

public sealed record CameraReaderOptions
{
    /// <summary>Frames waiting for processing; when a live camera outpaces processing the oldest is dropped.</summary>
    public int QueueCapacity { get; init; } = 4;

    public TimeSpan ReconnectInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaximum { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed attempts in a row after which a live camera is given up (0: never).</summary>
    public int MaxReconnectAttempts { get; init; }
}
