using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.Pipeline;

namespace EdgeAlpr.Hosting.Service;

/// <summary>The running agent (configuration section <c>Agent</c>): its cameras, its stages' queues, shutdown, status and metrics.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>What kind of unit this is (fixed, trailer, patrol, cveo): shown in status and health; the settings themselves do the work.</summary>
    public string? Profile { get; set; }

    /// <summary>The unit's id on every read; default: <c>Uplink:DeviceId</c>, else the host name.</summary>
    public string? DeviceId { get; set; }

    /// <summary>State or jurisdiction of the plates this unit sees, for hot-list matching (e.g. IL).</summary>
    public string? State { get; set; }

    /// <summary>The unit's cameras (Agent:Cameras:N), each read on its own and sharing the CPU budget (MaxConcurrent).</summary>
    public List<CameraOptions> Cameras { get; set; } = [];

    /// <summary>When a vehicle pass is trusted to be a read (<c>Agent:ReadAcceptance</c>), for every camera.</summary>
    public ReadAcceptanceOptions ReadAcceptance { get; set; } = new();

    /// <summary>Frames recognised at once across all cameras: the CPU budget.</summary>
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>Reads waiting to be matched; recognition waits when it is full (matching takes microseconds).</summary>
    public int ReadQueue { get; set; } = 256;

    /// <summary>Reads handed to the store and not yet durable, at most; past it matching waits (alerts already raised stay raised).</summary>
    public int StoreWindow { get; set; } = 512;

    /// <summary>Alerts waiting to be shown and sounded.</summary>
    public int AlertQueue { get; set; } = 64;

    /// <summary>From SIGTERM to exit at most: capture stops, frames in flight finish, the store flushes, the platform is told offline.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the agent writes its status for <c>edge-alpr status</c> (JSON, replaced atomically).</summary>
    public string StatusFile { get; set; } = "/run/edge-alpr/status.json";

    /// <summary>How often the status file is rewritten.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Loopback port of a Prometheus <c>/metrics</c> endpoint; 0: none.</summary>
    public int MetricsPort { get; set; }

    /// <summary>How often retention runs (forwarded reads past their 90 days, and the rest by policy).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a checkpoint of the audit chain is recorded and forwarded (only when events were added since the last).</summary>
    public TimeSpan AuditCheckpointInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Stop once every camera has ended (recordings, tests, the demo) and the outbox is empty; a live unit keeps running.</summary>
    public bool StopWhenCamerasEnd { get; set; }

    /// <summary>
    /// After the cameras end (with <see cref="StopWhenCamerasEnd"/>), how long to wait for the platform to take
    /// the outbox; what it has not taken by then stays in the store for the next run.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// With <see cref="StopWhenCamerasEnd"/>: how long the agent stays up once the recording is done and forwarded,
    /// so a person can look at what it did in the console (the demo's <c>--linger</c>); 0: it stops at once.
    /// </summary>
    public TimeSpan LingerAfterCamerasEnd { get; set; }

    /// <summary>The unit id reads carry: <see cref="DeviceId"/>, else the uplink's, else the host name.</summary>
    public string EffectiveDeviceId(string? uplinkDeviceId) =>
        !string.IsNullOrWhiteSpace(DeviceId) ? DeviceId
        : !string.IsNullOrWhiteSpace(uplinkDeviceId) ? uplinkDeviceId
        : Environment.MachineName;

    /// <summary>These settings as the application's read path takes them.</summary>
    public ReadPathOptions ReadPath(AgentIdentity identity) =>
        new()
        {
            DeviceId = identity.DeviceId,
            State = string.IsNullOrWhiteSpace(State) ? null : PlateText.Normalize(State),
            StoreWindow = StoreWindow,
            AlertQueue = AlertQueue,
            StopWhenCamerasEnd = StopWhenCamerasEnd,
            DrainTimeout = DrainTimeout,
            LingerAfterCamerasEnd = LingerAfterCamerasEnd,
            Forwards = identity.Uplink,
        };

    /// <summary>These settings' cameras as the camera pipeline takes them.</summary>
    public CameraPipelineOptions CameraPipeline(AgentIdentity identity) =>
        new()
        {
            DeviceId = identity.DeviceId,
            MaxConcurrent = MaxConcurrent,
            ReadQueue = ReadQueue,
            Acceptance = ReadAcceptance.ToPassAcceptance(),
            Cameras =
            [
                .. Cameras.Select(c => new CameraSettings
                {
                    Id = c.Id,
                    Source = c.Source,
                    Direction = c.Direction,
                    Fps = c.Fps,
                    Zone = string.IsNullOrWhiteSpace(c.Zone) ? null : DetectionZone.Parse(c.Zone),
                    MinPlateWidth = c.MinPlateWidth,
                    MotionGate = c.MotionGate,
                    Retries = c.Retries,
                    QueueCapacity = c.QueueCapacity,
                }),
            ],
        };
}

/// <summary>One camera of the unit (<c>Agent:Cameras:N</c>).</summary>
public sealed class CameraOptions
{
    /// <summary>The camera's id on its reads (letters, digits, '.', '_', '-').</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary><c>rtsp://…</c>, <c>http(s)://…</c>, <c>/dev/videoN</c>, a video file or a folder of pictures.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Written on its reads (e.g. northbound).</summary>
    public string? Direction { get; set; }

    /// <summary>Frames per second to process (0: every frame).</summary>
    public double Fps { get; set; } = 10;

    /// <summary>Detection zone polygon in pixels: <c>"x1,y1 x2,y2 x3,y3 …"</c>; empty: the whole frame.</summary>
    public string? Zone { get; set; }

    /// <summary>Plates narrower than this many pixels are not read.</summary>
    public int MinPlateWidth { get; set; } = 20;

    /// <summary>Skip frames in which almost nothing changed since the last one read (one every 2 s still passes).</summary>
    public bool MotionGate { get; set; } = true;

    /// <summary>Reconnect attempts in a row before a lost live stream is given up; 0: never give up (a unit on a pole).</summary>
    public int Retries { get; set; }

    /// <summary>Frames waiting for recognition; a live camera drops its oldest past it.</summary>
    public int QueueCapacity { get; set; } = 4;
}

/// <summary>
/// When a vehicle pass is trusted to be a read (<c>Agent:ReadAcceptance</c>); the defaults are
/// <see cref="PassAcceptanceOptions"/>'s. A pass that is not is kept only for a mandatory hot-list hit.
/// </summary>
public sealed class ReadAcceptanceOptions
{
    private static readonly PassAcceptanceOptions Defaults = new();

    /// <summary>A pass at least this sure of its reading is a read.</summary>
    public float MinConfidence { get; set; } = Defaults.MinConfidence;

    /// <summary>A less sure pass is a read when this many frames read exactly its text.</summary>
    public int MinAgreeingFrames { get; set; } = Defaults.MinAgreeingFrames;

    /// <summary>No number of agreeing frames confirms a pass less sure than this.</summary>
    public float MinAgreedConfidence { get; set; } = Defaults.MinAgreedConfidence;

    /// <summary>The narrowest plausible plate box (width ÷ height).</summary>
    public float MinBoxAspect { get; set; } = Defaults.MinBoxAspect;

    /// <summary>The widest plausible plate box (width ÷ height).</summary>
    public float MaxBoxAspect { get; set; } = Defaults.MaxBoxAspect;

    public PassAcceptanceOptions ToPassAcceptance() =>
        new()
        {
            MinConfidence = MinConfidence,
            MinAgreeingFrames = MinAgreeingFrames,
            MinAgreedConfidence = MinAgreedConfidence,
            MinBoxAspect = MinBoxAspect,
            MaxBoxAspect = MaxBoxAspect,
        };
}
