namespace EdgeAlpr.Contracts;

/// <summary>The periodic report on <c>…/health</c>, with the build that made it (<see cref="BuildIdentity"/>).</summary>
public sealed record HealthMessage(
    int Schema,
    string Type,
    string DeviceId,
    string AgentVersion,
    string AgentCommit,
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

/// <summary>
/// The store: the storage alarm and the reads waiting in memory, then what retention and the quota
/// have given up, each present only when not zero (or false): routine reads purged at their term
/// before the platform had them, whether new routine reads are stored without their scene image
/// (the quota's first step) and how many were, reads whose images or whole records the quota deleted
/// (all forwarded), and how far the store is over its quota with nothing left it may delete; and,
/// when the store was found damaged since the agent started, its repair.
/// </summary>
public sealed record WireStorage(bool Alarm, string? Reason, int Backlog)
{
    public long? UnforwardedReadsPurged { get; init; }

    public bool? ContextImagesPaused { get; init; }

    public long? ContextImagesNotKept { get; init; }

    public long? QuotaImagesDropped { get; init; }

    public long? QuotaReadsDropped { get; init; }

    public long? OverQuotaBytes { get; init; }

    /// <summary>The store was found damaged and repaired since the agent started: raised until it restarts.</summary>
    public WireStoreRepair? Repaired { get; init; }

    /// <summary>An integrity problem the store keeps working through (its manifest cannot be written).</summary>
    public string? Integrity { get; init; }
}

/// <summary>What a repair salvaged and lost; the damaged files are kept in <c>quarantined</c>.</summary>
public sealed record WireStoreRepair(
    DateTimeOffset At,
    string Cause,
    long SalvagedReads,
    long SalvagedHits,
    long SalvagedAuditEvents,
    long LostPages,
    long LostRecords,
    long ImagesMissingOrDamaged,
    string Quarantined
);
