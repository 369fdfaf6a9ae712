using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Location;
using EdgeAlpr.Location;
using EdgeAlpr.Storage;

namespace EdgeAlpr.Hosting.Service;

/// <summary>The running agent's part of every health report and status file: cameras, queues, counters, link, GPS, disk and board.</summary>
public sealed class AgentHealthSource(
    AgentIdentity identity,
    ReadPathService pipeline,
    EvidenceStore store,
    UnitLocation location,
    LocationOptions locationOptions,
    TimeProvider time,
    IUplinkStatus? uplink = null
)
{
    public WireAgentHealth Build()
    {
        DateTimeOffset now = time.GetUtcNow();
        StoreUsage usage = store.Administration.Usage();
        UplinkState? link = uplink?.State;
        return new WireAgentHealth(
            identity.Profile,
            identity.StartedAt,
            pipeline.Cameras(),
            pipeline.Queues(),
            pipeline.Counters.ToWire(),
            new WireLink(uplink is not null, link?.Connected ?? false, uplink?.Broker, link?.LastError, link?.FailedAttempts ?? 0),
            Gps(now),
            new WireDisk(usage.DatabaseBytes, usage.ImageBytes, usage.ImageFiles, usage.QuotaBytes, usage.DiskFreeBytes),
            CpuTemperature.Read()
        );
    }

    private WireGps? Gps(DateTimeOffset now)
    {
        if (location.Receiver?.Current is { } fix)
        {
            return new WireGps(
                fix.Source,
                FixModes.WireName(fix.Mode),
                fix.HasPosition ? Math.Round(fix.Latitude, 7) : null,
                fix.HasPosition ? Math.Round(fix.Longitude, 7) : null,
                Math.Round((now - fix.ReceivedAt).TotalSeconds, 1),
                fix.IsStale(now, locationOptions.StaleAfter)
            );
        }

        if (locationOptions.HasFixedPoint)
        {
            return new WireGps("fixed", "fixed", locationOptions.FixedLatitude, locationOptions.FixedLongitude, null, false);
        }

        return location.Receiver is null ? null : new WireGps(locationOptions.Receiver.ToString().ToLowerInvariant(), "none", null, null, null, true);
    }
}
