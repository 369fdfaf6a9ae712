namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// Whether reads are being made durable. An alarm never stops matching or alerting: reads wait
/// in memory (up to <c>Store:BacklogLimit</c>) until storage works again. <see cref="Retention"/>
/// tells what retention and the quota have given up.
/// </summary>
public sealed record StorageHealth(bool Alarm, string? Reason, DateTimeOffset Since, int Backlog, long GivenUp)
{
    public RetentionHealth Retention { get; init; } = RetentionHealth.None;

    /// <summary>The store's last repair since the agent started (damaged files moved aside, the rest salvaged).</summary>
    public StoreRepairReport? Repaired { get; init; }

    /// <summary>An integrity problem the store works on regardless (its manifest could not be written).</summary>
    public string? Integrity { get; init; }

    public static StorageHealth Ok(DateTimeOffset since) => new(false, null, since, 0, 0);
}
