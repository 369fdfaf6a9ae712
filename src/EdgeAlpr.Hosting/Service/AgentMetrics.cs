using EdgeAlpr.Contracts;
using Prometheus;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// The agent's Prometheus metrics, set from a health report (docs/metrics.md lists each one). Named as
/// Prometheus asks: base units in the name (<c>_seconds</c>, <c>_bytes</c>, <c>_celsius</c>, <c>_ratio</c>),
/// counters for what only grows, ending in <c>_total</c>, and a label only where summing over it means
/// something. A figure the unit does not have (no thermal zone, no GPS, no platform list, no quota) is left
/// out rather than exported as 0, which an alert would read as a value.
/// </summary>
public sealed class AgentMetrics
{
    private readonly Lock _gate = new();
    private readonly CounterTotals _totals = new();
    private readonly Gauge _uptime;
    private readonly Gauge _cameraConnected;
    private readonly Gauge _cameraFps;
    private readonly Counter _cameraFrames;
    private readonly Counter _cameraDropped;
    private readonly Counter _cameraReads;
    private readonly Gauge _cameraQueued;
    private readonly Gauge _queue;
    private readonly Counter _reads;
    private readonly Counter _hits;
    private readonly Counter _alerts;
    private readonly Counter _alertsSuppressed;
    private readonly Counter _storeFailures;
    private readonly Counter _readsSuppressed;
    private readonly Counter _doubtfulKept;
    private readonly Gauge _linkEnabled;
    private readonly Gauge _linkUp;
    private readonly Gauge _linkFailedAttempts;
    private readonly Counter _delivered;
    private readonly Counter _refused;
    private readonly Counter _reconnects;
    private readonly Gauge _outbox;
    private readonly Gauge _outboxUrgent;
    private readonly Gauge _outboxOldest;
    private readonly Gauge _hotListVersion;
    private readonly Gauge _hotListAge;
    private readonly Gauge _hotListStale;
    private readonly Gauge _hotListEntries;
    private readonly Gauge _storageAlarm;
    private readonly Gauge _storageBacklog;
    private readonly Gauge _storageRepaired;
    private readonly Gauge _storageIntegrity;
    private readonly Gauge _databaseBytes;
    private readonly Gauge _imageBytes;
    private readonly Gauge _imageFiles;
    private readonly Gauge _freeBytes;
    private readonly Gauge _quotaBytes;
    private readonly Gauge _quotaUsed;
    private readonly Gauge _overQuota;
    private readonly Gauge _contextPaused;
    private readonly Counter _unforwardedPurged;
    private readonly Counter _contextNotKept;
    private readonly Counter _quotaImagesDropped;
    private readonly Counter _quotaReadsDropped;
    private readonly Gauge _gpsFix;
    private readonly Gauge _gpsFixAge;
    private readonly Gauge _cpuTemperature;

    public AgentMetrics(CollectorRegistry registry, BuildIdentity build)
    {
        ArgumentNullException.ThrowIfNull(build);
        MetricFactory f = Metrics.WithCustomRegistry(registry);
        // Optional figures appear once set and go when the unit no longer has them.
        var optional = new GaugeConfiguration { SuppressInitialValue = true };
        f.CreateGauge("edgealpr_build_info", "The build running, named by its labels (version, git commit); always 1", "version", "commit")
            .WithLabels(build.Version, build.Commit)
            .Set(1);
        _uptime = f.CreateGauge("edgealpr_uptime_seconds", "Seconds since the agent started");

        _cameraConnected = f.CreateGauge("edgealpr_camera_connected", "1 while the camera delivers frames", "camera");
        _cameraFps = f.CreateGauge("edgealpr_camera_fps", "Frames per second over the last few seconds, captured or processed", "camera", "stage");
        _cameraFrames = f.CreateCounter("edgealpr_camera_frames_captured_total", "Frames captured from the camera", "camera");
        _cameraDropped = f.CreateCounter("edgealpr_camera_frames_dropped_total", "Frames dropped because recognition was behind", "camera");
        _cameraReads = f.CreateCounter("edgealpr_camera_reads_total", "Reads (vehicle passes) from the camera", "camera");
        _cameraQueued = f.CreateGauge("edgealpr_camera_frames_queued", "Frames waiting for recognition", "camera");

        _queue = f.CreateGauge("edgealpr_queue_depth", "Items waiting between the agent's stages", "queue");
        _reads = f.CreateCounter("edgealpr_reads_total", "Reads kept: stored and forwarded");
        _hits = f.CreateCounter("edgealpr_hits_total", "Hot-list hits");
        _alerts = f.CreateCounter("edgealpr_alerts_total", "In-cab alerts raised");
        _alertsSuppressed = f.CreateCounter("edgealpr_alerts_suppressed_total", "Alerts not sounded by the alert policy");
        _storeFailures = f.CreateCounter("edgealpr_store_failures_total", "Reads the store could not take");
        _readsSuppressed = f.CreateCounter("edgealpr_reads_suppressed_total", "Doubtful passes neither stored nor forwarded, by reason", "reason");
        _doubtfulKept = f.CreateCounter("edgealpr_doubtful_reads_kept_total", "Doubtful passes kept for a hit on a mandatory category");

        _linkEnabled = f.CreateGauge("edgealpr_uplink_enabled", "1 when a platform broker is configured");
        _linkUp = f.CreateGauge("edgealpr_uplink_connected", "1 while connected to the platform's broker");
        _linkFailedAttempts = f.CreateGauge("edgealpr_uplink_failed_connect_attempts", "Connection attempts failed in a row (0 once connected)");
        _delivered = f.CreateCounter("edgealpr_uplink_messages_delivered_total", "Messages the platform's broker acknowledged");
        _refused = f.CreateCounter("edgealpr_uplink_messages_refused_total", "Messages the platform's broker refused");
        _reconnects = f.CreateCounter("edgealpr_uplink_reconnects_total", "Connections to the platform's broker made again after a loss");
        _outbox = f.CreateGauge("edgealpr_outbox_items", "Items not yet acknowledged by the platform");
        _outboxUrgent = f.CreateGauge("edgealpr_outbox_urgent_items", "Hits and other urgent items among the outbox items");
        _outboxOldest = f.CreateGauge("edgealpr_outbox_oldest_age_seconds", "Age of the oldest item not yet forwarded (0: none)");

        _hotListVersion = f.CreateGauge("edgealpr_hotlist_version", "Version of the hot list in use (0: no platform list)");
        _hotListAge = f.CreateGauge("edgealpr_hotlist_age_seconds", "Age of the platform's hot list in use", optional);
        _hotListStale = f.CreateGauge("edgealpr_hotlist_stale", "1 while the hot list in use is older than HotList:StaleAfter, or there is none");
        _hotListEntries = f.CreateGauge("edgealpr_hotlist_entries", "Entries in the hot list in use");

        _storageAlarm = f.CreateGauge("edgealpr_storage_alarm", "1 while the store cannot write");
        _storageBacklog = f.CreateGauge("edgealpr_storage_backlog_reads", "Reads waiting in memory for the store");
        _storageRepaired = f.CreateGauge("edgealpr_storage_repaired", "1 when the store was found damaged and repaired since the agent started");
        _storageIntegrity = f.CreateGauge("edgealpr_storage_integrity_problem", "1 while the store's manifest cannot be written");
        _databaseBytes = f.CreateGauge("edgealpr_storage_database_bytes", "Size of the store's database files");
        _imageBytes = f.CreateGauge("edgealpr_storage_image_bytes", "Size of the store's image files");
        _imageFiles = f.CreateGauge("edgealpr_storage_image_files", "Image files in the store");
        _freeBytes = f.CreateGauge("edgealpr_storage_free_bytes", "Free space on the store's file system");
        _quotaBytes = f.CreateGauge("edgealpr_storage_quota_bytes", "The store's quota (Store:QuotaMegabytes; 0: none)");
        _quotaUsed = f.CreateGauge("edgealpr_storage_quota_used_ratio", "Database and images over the quota, where one is set", optional);
        _overQuota = f.CreateGauge("edgealpr_storage_over_quota_bytes", "Over the quota or free-space floor with nothing left the quota may delete");
        _contextPaused = f.CreateGauge("edgealpr_storage_context_images_paused", "1 while new routine reads are stored without their scene image");
        _unforwardedPurged = f.CreateCounter(
            "edgealpr_storage_unforwarded_reads_purged_total",
            "Routine reads purged at their term before the platform had them, over the store's life"
        );
        _contextNotKept = f.CreateCounter(
            "edgealpr_storage_context_images_not_kept_total",
            "Routine reads stored without their scene image because of the quota, over the store's life"
        );
        _quotaImagesDropped = f.CreateCounter(
            "edgealpr_storage_quota_images_dropped_total",
            "Forwarded routine reads whose images the quota deleted, over the store's life"
        );
        _quotaReadsDropped = f.CreateCounter(
            "edgealpr_storage_quota_reads_dropped_total",
            "Forwarded routine reads the quota deleted, over the store's life"
        );

        _gpsFix = f.CreateGauge(
            "edgealpr_gps_fix",
            "1 while the position is fresh (a fixed point always is), where the unit has a location source",
            optional
        );
        _gpsFixAge = f.CreateGauge("edgealpr_gps_fix_age_seconds", "Age of the receiver's last fix", optional);
        _cpuTemperature = f.CreateGauge("edgealpr_cpu_temperature_celsius", "CPU temperature, where the board exposes it", optional);
    }

    /// <summary>Sets every metric from <paramref name="h"/>; called before each scrape, one at a time (scrapes may overlap).</summary>
    public void Update(HealthMessage h)
    {
        ArgumentNullException.ThrowIfNull(h);
        lock (_gate)
        {
            UpdateUnit(h);
            if (h.Agent is { } a)
            {
                UpdateAgent(a);
            }
        }
    }

    private void UpdateUnit(HealthMessage h)
    {
        _uptime.Set(h.UptimeS);
        _outbox.Set(h.Outbox.Items);
        _outboxUrgent.Set(h.Outbox.Urgent);
        _outboxOldest.Set(h.Outbox.OldestAgeS ?? 0);
        _totals.Observe(_delivered, h.Uplink.Delivered);
        _totals.Observe(_refused, h.Uplink.Refused);
        _totals.Observe(_reconnects, h.Uplink.Reconnects);

        _hotListVersion.Set(h.HotList.Version);
        SetOrRemove(_hotListAge, h.HotList.AgeHours * 3600);
        _hotListStale.Set(h.HotList.Stale ? 1 : 0);
        _hotListEntries.Set(h.HotList.Entries);

        WireStorage s = h.Storage;
        _storageAlarm.Set(s.Alarm ? 1 : 0);
        _storageBacklog.Set(s.Backlog);
        _storageRepaired.Set(s.Repaired is null ? 0 : 1);
        _storageIntegrity.Set(s.Integrity is null ? 0 : 1);
        _overQuota.Set(s.OverQuotaBytes ?? 0);
        _contextPaused.Set(s.ContextImagesPaused == true ? 1 : 0);
        _totals.Observe(_unforwardedPurged, s.UnforwardedReadsPurged ?? 0);
        _totals.Observe(_contextNotKept, s.ContextImagesNotKept ?? 0);
        _totals.Observe(_quotaImagesDropped, s.QuotaImagesDropped ?? 0);
        _totals.Observe(_quotaReadsDropped, s.QuotaReadsDropped ?? 0);
    }

    private void UpdateAgent(WireAgentHealth a)
    {
        foreach (WireCamera c in a.Cameras)
        {
            _cameraConnected.WithLabels(c.Id).Set(c.State == "connected" ? 1 : 0);
            _cameraFps.WithLabels(c.Id, "captured").Set(c.FpsCaptured);
            _cameraFps.WithLabels(c.Id, "processed").Set(c.FpsProcessed);
            _cameraQueued.WithLabels(c.Id).Set(c.Queued);
            _totals.Observe(_cameraFrames, c.FramesCaptured, c.Id);
            _totals.Observe(_cameraDropped, c.FramesDropped, c.Id);
            _totals.Observe(_cameraReads, c.Reads, c.Id);
        }

        _queue.WithLabels("reads").Set(a.Queues.Reads);
        _queue.WithLabels("alerts").Set(a.Queues.Alerts);
        _queue.WithLabels("storing").Set(a.Queues.Storing);

        WireAgentCounters n = a.Counters;
        _totals.Observe(_reads, n.Reads);
        _totals.Observe(_hits, n.Hits);
        _totals.Observe(_alerts, n.Alerts);
        _totals.Observe(_alertsSuppressed, n.AlertsSuppressed);
        _totals.Observe(_storeFailures, n.StoreFailures);
        _totals.Observe(_doubtfulKept, n.DoubtfulReadsKept);
        WireSuppressedReads suppressed = n.ReadsSuppressed ?? new WireSuppressedReads(0, 0, 0);
        _totals.Observe(_readsSuppressed, suppressed.TooShort, "too_short");
        _totals.Observe(_readsSuppressed, suppressed.ImplausibleBox, "implausible_box");
        _totals.Observe(_readsSuppressed, suppressed.Unconfirmed, "unconfirmed");

        _linkEnabled.Set(a.Link.Enabled ? 1 : 0);
        _linkUp.Set(a.Link.Connected ? 1 : 0);
        _linkFailedAttempts.Set(a.Link.FailedAttempts);

        WireDisk d = a.Disk;
        _databaseBytes.Set(d.DatabaseBytes);
        _imageBytes.Set(d.ImageBytes);
        _imageFiles.Set(d.ImageFiles);
        _freeBytes.Set(d.FreeBytes);
        _quotaBytes.Set(d.QuotaBytes);
        SetOrRemove(_quotaUsed, d.QuotaBytes > 0 ? (double)(d.DatabaseBytes + d.ImageBytes) / d.QuotaBytes : null);

        SetOrRemove(
            _gpsFix,
            a.Gps is null ? null
                : a.Gps.Stale ? 0
                : 1
        );
        SetOrRemove(_gpsFixAge, a.Gps?.AgeS);
        SetOrRemove(_cpuTemperature, a.CpuTemperatureC);
    }

    private static void SetOrRemove(Gauge gauge, double? value)
    {
        if (value is { } v)
        {
            gauge.Set(v);
            gauge.Publish();
        }
        else
        {
            gauge.Unpublish();
        }
    }
}
