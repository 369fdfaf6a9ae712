namespace EdgeAlpr.Contracts;

/// <summary>
/// The running agent's part of a health report (<c>agent</c> in <c>…/health</c>, and what
/// <c>edge-alpr status</c> shows): cameras, the queues between its stages, the link, GPS, disk
/// and the board. Absent when a command other than <c>run</c> reports.
/// </summary>
public sealed record WireAgentHealth(
    string? Profile,
    DateTimeOffset StartedAt,
    IReadOnlyList<WireCamera> Cameras,
    WireQueues Queues,
    WireAgentCounters Counters,
    WireLink Link,
    WireGps? Gps,
    WireDisk Disk,
    double? CpuTemperatureC
);

/// <summary>One camera: its state (connecting, connected, reconnecting, ended, failed) and rates over the last few seconds.</summary>
public sealed record WireCamera(
    string Id,
    string State,
    string? Reason,
    double FpsCaptured,
    double FpsProcessed,
    long FramesCaptured,
    long FramesDropped,
    long Reads,
    int Queued
);

/// <summary>What waits between stages: reads to match, alerts to sound, reads being made durable.</summary>
public sealed record WireQueues(int Reads, int Alerts, int Storing);

public sealed record WireAgentCounters(long Reads, long Hits, long Alerts, long AlertsSuppressed, long StoreFailures)
{
    /// <summary>Read out of recognition to alert shown: what a slow disk or link must never lengthen.</summary>
    public double? AlertP50Ms { get; init; }

    public double? AlertMaxMs { get; init; }

    /// <summary>Read out of recognition to durable in the store.</summary>
    public double? StoreP50Ms { get; init; }

    public double? StoreP99Ms { get; init; }

    /// <summary>Passes recognition doubted that no mandatory hot-list hit kept: neither stored nor forwarded, counted per reason.</summary>
    public WireSuppressedReads? ReadsSuppressed { get; init; }

    /// <summary>Passes recognition doubted, kept (stored, forwarded, alerted) for a hit on a mandatory category; counted in <see cref="Reads"/>.</summary>
    public long DoubtfulReadsKept { get; init; }
}

/// <summary>Doubtful passes suppressed, per reason: too short for their region, a box no plate has, unconfirmed (unsure and read alike in too few frames).</summary>
public sealed record WireSuppressedReads(long TooShort, long ImplausibleBox, long Unconfirmed)
{
    public long Total => TooShort + ImplausibleBox + Unconfirmed;
}

public sealed record WireLink(bool Enabled, bool Connected, string? Broker, string? LastError, int FailedAttempts);

public sealed record WireGps(string Source, string Mode, double? Latitude, double? Longitude, double? AgeS, bool Stale);

public sealed record WireDisk(long DatabaseBytes, long ImageBytes, long ImageFiles, long QuotaBytes, long FreeBytes);
