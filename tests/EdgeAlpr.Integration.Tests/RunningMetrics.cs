using System.Text.RegularExpressions;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Contracts;
using EdgeAlpr.Hosting.Service;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The agent's real <c>/metrics</c> endpoint on a free loopback port, fed health reports the test sets, scraped
/// over HTTP as a collector would.
/// </summary>
internal sealed partial class RunningMetrics : IAsyncDisposable
{
    private readonly MetricsEndpoint _endpoint;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly int _port;

    private RunningMetrics(ScriptedHealth health, int port, ILogger<MetricsEndpoint> logger)
    {
        Health = health;
        _port = port;
        _endpoint = new MetricsEndpoint(new AgentOptions { MetricsPort = port }, health, logger);
    }

    public ScriptedHealth Health { get; }

    public static async Task<RunningMetrics> StartAsync(HealthMessage first)
    {
        for (int attempt = 1; ; attempt++)
        {
            // The endpoint logs, and carries on without, a port it cannot listen on; the free port may have been
            // taken in between by another test or process, whose server the test would then scrape instead.
            var logger = new StartLog();
            var metrics = new RunningMetrics(new ScriptedHealth(first), FreePort.Next(), logger);
            await metrics._endpoint.StartAsync(CancellationToken.None);
            if (logger.Failure is null)
            {
                return metrics;
            }

            await metrics.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"/metrics did not start: {logger.Failure}");
            }
        }
    }

    public Task<string> ScrapeAsync() => _http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/metrics"));

    /// <summary>Each metric family's type, from the exposition's <c># TYPE</c> lines.</summary>
    public static Dictionary<string, string> Families(string exposition) =>
        TypeLine().Matches(exposition).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    /// <summary>The value of the sample written exactly as <paramref name="series"/> (name and labels), or null when absent.</summary>
    public static double? Value(string exposition, string series)
    {
        foreach (string line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.StopAsync(CancellationToken.None);
        _endpoint.Dispose();
        _http.Dispose();
    }

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    /// <summary>The endpoint's log at start: its error when it could not listen.</summary>
    private sealed class StartLog : ILogger<MetricsEndpoint>
    {
        public string? Failure { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Failure = formatter(state, exception);
            }
        }
    }

    /// <summary>The unit's health as the test says it is.</summary>
    internal sealed class ScriptedHealth(HealthMessage message) : IUnitHealth
    {
        public HealthMessage Message { get; set; } = message;

        public HealthMessage Current() => Message;
    }
}

/// <summary>Health reports for the metrics tests: a unit with every part (cameras, GPS, quota, thermal zone) and one without.</summary>
internal static class HealthSamples
{
    public static readonly DateTimeOffset At = new(2026, 12, 5, 18, 0, 0, TimeSpan.Zero);

    public static WireCamera Camera(long frames = 130, long dropped = 2, long reads = 4, string state = "connected") =>
        new("cam1", state, null, 6.17, 5, frames, dropped, reads, 1);

    /// <summary>Every optional figure present, and every counter above zero.</summary>
    public static HealthMessage Full(WireCamera? camera = null) =>
        new(
            1,
            "health",
            "unit-7",
            BuildIdentity.Current.Version,
            BuildIdentity.Current.Commit,
            At,
            3600,
            At.AddHours(-1),
            new WireBacklog(3, 1, 12.5),
            new WireUplinkCounters(60, 1, 2, 4.09, 47.88, null),
            new WireHotList(42, 1.5, false, 2_000_000),
            new WireStorage(false, null, 2)
            {
                UnforwardedReadsPurged = 12,
                ContextImagesPaused = true,
                ContextImagesNotKept = 40,
                QuotaImagesDropped = 250,
                QuotaReadsDropped = 7,
                OverQuotaBytes = 1_048_576,
                Repaired = new WireStoreRepair(At.AddMinutes(-5), "page 29 zeroed", 20, 0, 3, 2, 0, 0, "/var/lib/edge-alpr/store/quarantine/x"),
                Integrity = "manifest not written",
            }
        )
        {
            Agent = new WireAgentHealth(
                "patrol",
                At.AddHours(-1),
                [camera ?? Camera()],
                new WireQueues(1, 0, 2),
                new WireAgentCounters(4, 2, 2, 1, 1) { ReadsSuppressed = new WireSuppressedReads(1, 2, 3), DoubtfulReadsKept = 1 },
                new WireLink(true, true, "mqtts://platform.example:8883", null, 0),
                new WireGps("gpsd", "3d", 41.8781, -87.6298, 0.4, false),
                new WireDisk(600_000_000, 300_000_000, 8, 1_000_000_000, 79_837_003_776),
                61.5
            ),
        };

    /// <summary>A unit with no thermal zone, no location source, no quota and no platform list yet.</summary>
    public static HealthMessage Bare() =>
        Full() with
        {
            HotList = new WireHotList(0, null, true, 0),
            Agent = Full().Agent! with { Gps = null, CpuTemperatureC = null, Disk = new WireDisk(1_000, 0, 0, 0, 79_837_003_776) },
        };
}
