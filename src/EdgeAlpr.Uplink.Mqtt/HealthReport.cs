using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Contracts;
using EdgeAlpr.Uplink.Delivery;

namespace EdgeAlpr.Uplink;

/// <summary>
/// Builds the periodic health message from the store, the hot list and the uplink's own
/// counters, and, in the running agent, <paramref name="agent"/>'s part.
/// </summary>
public sealed class HealthReport(
    IOutbox outbox,
    IReadStore store,
    IHotLists hotList,
    UplinkStatistics stats,
    UplinkOptions options,
    TimeProvider time,
    Func<WireAgentHealth>? agent = null
) : IUnitHealth
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    /// <summary>The same message, for the people at the unit (the console's status page).</summary>
    public HealthMessage Current() => Build();

    public HealthMessage Build()
    {
        DateTimeOffset now = time.GetUtcNow();
        OutboxBacklog backlog = outbox.Backlog();
        HotListStatus list = hotList.Status();
        StorageHealth storage = store.Health;
        return new HealthMessage(
            UplinkSchema.Version,
            "health",
            options.DeviceId,
            BuildIdentity.Current.Version,
            BuildIdentity.Current.Commit,
            now,
            Math.Round((now - _started).TotalSeconds, 1),
            stats.ConnectedSince,
            new WireBacklog(
                backlog.Items,
                backlog.Urgent,
                backlog.OldestEnqueuedAt is { } oldest ? Math.Round((now - oldest).TotalSeconds, 1) : null
            ),
            new WireUplinkCounters(
                stats.Delivered,
                stats.Refused,
                stats.Reconnects,
                stats.LatencyPercentile(50),
                stats.LatencyPercentile(99),
                options.MaxBytesPerSecond > 0 ? options.MaxBytesPerSecond : null
            ),
            new WireHotList(list.Version, list.AgeHours is { } age ? Math.Round(age, 2) : null, list.Stale, list.Entries),
            Storage(storage)
        )
        {
            Agent = agent?.Invoke(),
        };
    }

    private static WireStorage Storage(StorageHealth storage)
    {
        RetentionHealth r = storage.Retention;
        return new WireStorage(storage.Alarm, storage.Reason, storage.Backlog)
        {
            UnforwardedReadsPurged = NullIfZero(r.UnforwardedReadsPurged),
            ContextImagesPaused = r.ContextImagesPaused ? true : null,
            ContextImagesNotKept = NullIfZero(r.ContextImagesNotKept),
            QuotaImagesDropped = NullIfZero(r.QuotaImagesDropped),
            QuotaReadsDropped = NullIfZero(r.QuotaReadsDropped),
            OverQuotaBytes = NullIfZero(r.BytesOverQuota),
            Repaired = storage.Repaired is { } repair
                ? new WireStoreRepair(
                    repair.At,
                    repair.Cause,
                    repair.SalvagedReads,
                    repair.SalvagedHits,
                    repair.SalvagedAuditEvents,
                    repair.LostPages,
                    repair.LostRecords,
                    repair.ImagesMissingOrDamaged,
                    repair.Quarantined
                )
                : null,
            Integrity = storage.Integrity,
        };
    }

    private static long? NullIfZero(long value) => value == 0 ? null : value;
}
