using EdgeAlpr.Contracts;
using EdgeAlpr.Uplink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Prometheus <c>/metrics</c> on a loopback port (<c>Agent:MetricsPort</c>), for a node exporter
/// or a local collector to scrape: the same figures as the health report, taken when scraped.
/// Loopback only: the unit never opens a port to the network it sits on.
/// </summary>
public sealed class MetricsEndpoint : IHostedService, IDisposable
{
    private readonly AgentOptions _options;
    private readonly HealthReport _health;
    private readonly ILogger _logger;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Gauge _cameraUp;
    private readonly Gauge _cameraFps;
    private readonly Gauge _cameraFrames;
    private readonly Gauge _cameraDropped;
    private readonly Gauge _cameraReads;
    private readonly Gauge _queue;
    private readonly Counter _counter;
    private readonly Gauge _outbox;
    private readonly Gauge _outboxOldest;
    private readonly Gauge _linkUp;
    private readonly Gauge _hotListVersion;
    private readonly Gauge _hotListAge;
    private readonly Gauge _hotListEntries;
    private readonly Gauge _disk;
    private readonly Gauge _storageAlarm;
    private readonly Gauge _gpsFix;
    private readonly Gauge _cpuTemperature;
    private readonly Gauge _uptime;
    private MetricServer? _server;

    public MetricsEndpoint(AgentOptions options, HealthReport health, ILogger<MetricsEndpoint> logger)
    {
        _options = options;
        _health = health;
        _logger = logger;
        MetricFactory f = Metrics.WithCustomRegistry(_registry);
        _cameraUp = f.CreateGauge("edgealpr_camera_connected", "1 while the camera delivers frames", "camera");
        _cameraFps = f.CreateGauge("edgealpr_camera_fps", "Frames per second over the last few seconds", "camera", "stage");
        _cameraFrames = f.CreateGauge("edgealpr_camera_frames_captured", "Frames captured since start", "camera");
        _cameraDropped = f.CreateGauge("edgealpr_camera_frames_dropped", "Frames dropped because recognition was behind", "camera");
        _cameraReads = f.CreateGauge("edgealpr_camera_reads", "Reads (vehicle passes) since start", "camera");
        _queue = f.CreateGauge("edgealpr_queue_depth", "Items waiting between stages", "queue");
        _counter = f.CreateCounter("edgealpr_events_total", "What the agent has done since start", "what");
        _outbox = f.CreateGauge("edgealpr_outbox_items", "Items not yet acknowledged by the platform", "kind");
        _outboxOldest = f.CreateGauge("edgealpr_outbox_oldest_age_seconds", "Age of the oldest item not yet forwarded (0: none)");
        _linkUp = f.CreateGauge("edgealpr_uplink_connected", "1 while connected to the platform's broker");
        _hotListVersion = f.CreateGauge("edgealpr_hotlist_version", "Version of the hot list in use");
        _hotListAge = f.CreateGauge("edgealpr_hotlist_age_hours", "Age of the hot list in use");
        _hotListEntries = f.CreateGauge("edgealpr_hotlist_entries", "Entries in the hot list in use");
        _disk = f.CreateGauge("edgealpr_storage_bytes", "Store space", "what");
        _storageAlarm = f.CreateGauge("edgealpr_storage_alarm", "1 while the store cannot write");
        _gpsFix = f.CreateGauge("edgealpr_gps_fix", "1 while the GPS fix is fresh");
        _cpuTemperature = f.CreateGauge("edgealpr_cpu_temperature_celsius", "CPU temperature, where the board exposes it");
        _uptime = f.CreateGauge("edgealpr_uptime_seconds", "Seconds since the agent started");
        _registry.AddBeforeCollectCallback(Update);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server = new MetricServer("127.0.0.1", _options.MetricsPort, "metrics/", _registry);
        try
        {
            _server.Start();
        }
        catch (Exception ex) when (ex is System.Net.HttpListenerException or InvalidOperationException)
        {
            // Metrics are an aid, not the unit's job: it reads plates without them.
            _logger.LogError("Metrics: cannot listen on 127.0.0.1:{Port}: {Reason}; no /metrics", _options.MetricsPort, ex.Message);
            _server = null;
            return Task.CompletedTask;
        }

        _logger.LogInformation("Metrics on http://127.0.0.1:{Port}/metrics", _options.MetricsPort);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _server?.Dispose();

    private void Update()
    {
        HealthMessage h = _health.Build();
        _uptime.Set(h.UptimeS);
        _outbox.WithLabels("all").Set(h.Outbox.Items);
        _outbox.WithLabels("urgent").Set(h.Outbox.Urgent);
        _outboxOldest.Set(h.Outbox.OldestAgeS ?? 0);
        _hotListVersion.Set(h.HotList.Version);
        _hotListAge.Set(h.HotList.AgeHours ?? 0);
        _hotListEntries.Set(h.HotList.Entries);
        _storageAlarm.Set(h.Storage.Alarm ? 1 : 0);
        if (h.Agent is not { } a)
        {
            return;
        }

        foreach (WireCamera c in a.Cameras)
        {
            _cameraUp.WithLabels(c.Id).Set(c.State == "connected" ? 1 : 0);
            _cameraFps.WithLabels(c.Id, "captured").Set(c.FpsCaptured);
            _cameraFps.WithLabels(c.Id, "processed").Set(c.FpsProcessed);
            _cameraFrames.WithLabels(c.Id).Set(c.FramesCaptured);
            _cameraDropped.WithLabels(c.Id).Set(c.FramesDropped);
            _cameraReads.WithLabels(c.Id).Set(c.Reads);
        }

        _queue.WithLabels("reads").Set(a.Queues.Reads);
        _queue.WithLabels("alerts").Set(a.Queues.Alerts);
        _queue.WithLabels("storing").Set(a.Queues.Storing);
        _counter.WithLabels("reads").IncTo(a.Counters.Reads);
        _counter.WithLabels("hits").IncTo(a.Counters.Hits);
        _counter.WithLabels("alerts").IncTo(a.Counters.Alerts);
        _counter.WithLabels("alerts_suppressed").IncTo(a.Counters.AlertsSuppressed);
        _counter.WithLabels("store_failures").IncTo(a.Counters.StoreFailures);
        if (a.Counters.ReadsSuppressed is { } suppressed)
        {
            _counter.WithLabels("reads_suppressed_too_short").IncTo(suppressed.TooShort);
            _counter.WithLabels("reads_suppressed_implausible_box").IncTo(suppressed.ImplausibleBox);
            _counter.WithLabels("reads_suppressed_unconfirmed").IncTo(suppressed.Unconfirmed);
        }

        _counter.WithLabels("doubtful_reads_kept").IncTo(a.Counters.DoubtfulReadsKept);
        _counter.WithLabels("delivered").IncTo(h.Uplink.Delivered);
        _linkUp.Set(a.Link.Connected ? 1 : 0);
        _disk.WithLabels("database").Set(a.Disk.DatabaseBytes);
        _disk.WithLabels("images").Set(a.Disk.ImageBytes);
        _disk.WithLabels("free").Set(a.Disk.FreeBytes);
        _gpsFix.Set(a.Gps is { Stale: false } ? 1 : 0);
        if (a.CpuTemperatureC is { } t)
        {
            _cpuTemperature.Set(t);
        }
    }
}
