using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Pipeline;

/// <summary>One camera of a <see cref="CameraPipeline"/>: where its frames come from and how they are read.</summary>
public sealed record CameraSettings
{
    /// <summary>The camera's id on its reads.</summary>
    public required string Id { get; init; }

    /// <summary>rtsp://…, http(s)://…, /dev/videoN, a folder of pictures, or a video file.</summary>
    public required string Source { get; init; }

    /// <summary>The direction written on its reads (e.g. northbound).</summary>
    public string? Direction { get; init; }

    /// <summary>Frames per second to process (0: every frame); also the rate a folder of pictures plays at (10 when 0).</summary>
    public double Fps { get; init; } = 10;

    public DetectionZone? Zone { get; init; }

    public int MinPlateWidth { get; init; } = 20;

    public bool MotionGate { get; init; } = true;

    /// <summary>Reconnect attempts in a row before a lost live source is given up; 0: never.</summary>
    public int Retries { get; init; }

    /// <summary>Frames held between capture and recognition; null: the reader's default.</summary>
    public int? QueueCapacity { get; init; }

    /// <summary>A fixed position for every read of this camera, ahead of the pipeline's location source.</summary>
    public GeoPoint? Location { get; init; }
}

/// <summary>How a <see cref="CameraPipeline"/> runs its cameras.</summary>
public sealed record CameraPipelineOptions
{
    /// <summary>The device id written on every read.</summary>
    public required string DeviceId { get; init; }

    public required IReadOnlyList<CameraSettings> Cameras { get; init; }

    /// <summary>Frames recognised at once across all cameras: the CPU budget.</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>Reads waiting for matching, at most (recognition waits when full); null: no bound.</summary>
    public int? ReadQueue { get; init; }

    /// <summary>
    /// True: a camera whose recognition fails is logged and the others read on (the agent).
    /// False: the failure ends the reads with the exception (<c>edge-alpr process</c>).
    /// </summary>
    public bool IsolateFailures { get; init; } = true;

    /// <summary>The most pixels a picture of a folder source may declare (<c>Recognition:MaxPicturePixels</c>); larger ones are skipped undecoded.</summary>
    public long MaxPicturePixels { get; init; } = PictureHeader.DefaultMaxPixels;

    /// <summary>When a camera's pass is trusted to be a read (all cameras alike).</summary>
    public PassAcceptanceOptions Acceptance { get; init; } = new();

    /// <summary>Told of each picture of a folder source that could not be read (file, reason).</summary>
    public Action<string, string>? PictureSkipped { get; init; }
}
