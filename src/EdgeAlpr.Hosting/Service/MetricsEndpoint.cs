using EdgeAlpr.Application.Ports;
using EdgeAlpr.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Prometheus <c>/metrics</c> on a loopback port (<c>Agent:MetricsPort</c>), for a node exporter
/// or a local collector to scrape: the same figures as the health report, taken when scraped
/// (<see cref="AgentMetrics"/>; docs/metrics.md).
/// Loopback only: the unit never opens a port to the network it sits on.
/// </summary>
public sealed class MetricsEndpoint : IHostedService, IDisposable
{
    private readonly AgentOptions _options;
    private readonly ILogger _logger;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private MetricServer? _server;

    public MetricsEndpoint(AgentOptions options, IUnitHealth health, ILogger<MetricsEndpoint> logger)
    {
        _options = options;
        _logger = logger;
        var metrics = new AgentMetrics(_registry, BuildIdentity.Current);
        _registry.AddBeforeCollectCallback(() => metrics.Update(health.Current()));
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
}
