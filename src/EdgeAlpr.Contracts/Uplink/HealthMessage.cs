namespace EdgeAlpr.Contracts;

/// <summary>The periodic report on <c>…/health</c>.</summary>
public sealed record HealthMessage(
    int Schema,
    string Type,
    string DeviceId,
    DateTimeOffset At,
    double UptimeS,
    DateTimeOffset? ConnectedSince,
    WireBacklog Outbox,
    WireUplinkCounters Uplink,
    WireHotList HotList,
    WireStorage Storage
)
{
    /// <summary>The running agent's cameras, queues, GPS, disk and board (<c>edge-alpr run</c> only).</summary>
    public WireAgentHealth? Agent { get; init; }
}

public sealed record WireBacklog(int Items, int Urgent, double? OldestAgeS);

public sealed record WireUplinkCounters(long Delivered, long Refused, long Reconnects, double? PubackP50Ms, double? PubackP99Ms, long? ByteRateCap);

public sealed record WireHotList(long Version, double? AgeHours, bool Stale, int Entries);

public sealed record WireStorage(bool Alarm, string? Reason, int Backlog);
