using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Pipeline;

public sealed record ProcessorOptions
{
    public required string DeviceId { get; init; }

    public required string CameraId { get; init; }

    /// <summary>Written on every read of this camera (e.g. "northbound").</summary>
    public string? Direction { get; init; }

    /// <summary>Frames per second to process; 0 processes every frame.</summary>
    public double TargetFps { get; init; } = 10;

    /// <summary>Only plates whose centre is inside this polygon count; null: the whole frame.</summary>
    public DetectionZone? Zone { get; init; }

    /// <summary>Plates narrower than this many pixels are ignored (too far to read reliably).</summary>
    public int MinPlateWidth { get; init; } = 20;

    /// <summary>Skip frames that hardly differ from the last one read.</summary>
    public bool MotionGate { get; init; } = true;

    /// <summary>Where the camera is, when it is a fixed point.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>
    /// Where the unit is at the moment of each read (a GPS in a patrol car); null from it leaves the read
    /// unstamped. Wins over <see cref="Location"/>.
    /// </summary>
    public Func<GeoPoint?>? LocationSource { get; init; }

    public TrackerOptions Tracker { get; init; } = new();

    /// <summary>When a closed pass is trusted to be a read; a doubtful one is still emitted, marked with its reason.</summary>
    public PassAcceptanceOptions Acceptance { get; init; } = new();

    /// <summary>Shared by all cameras of an agent: limits how many frames are recognised at once (the CPU budget).</summary>
    public SemaphoreSlim? InferenceSlots { get; init; }
}
