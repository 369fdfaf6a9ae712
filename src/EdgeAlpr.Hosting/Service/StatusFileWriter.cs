using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Uplink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Writes the health report to <c>Agent:StatusFile</c> every <c>Agent:StatusInterval</c> (and
/// once more, marked stopped, on shutdown) for <c>edge-alpr status</c>: written beside and
/// renamed over, so a reader never sees half a file.
/// </summary>
public sealed class StatusFileWriter(
    AgentOptions options,
    HealthReport health,
    ReadPathService pipeline,
    TimeProvider time,
    ILogger<StatusFileWriter> logger
) : BackgroundService
{
    private bool _failing;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Write("stopping");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.StatusInterval, time);
        try
        {
            do
            {
                Write(pipeline.Ready ? "running" : "starting");
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Shutdown: the last status is written by StopAsync.
        }
    }

    private void Write(string state)
    {
        string path = Path.GetFullPath(options.StatusFile);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var status = new AgentStatusFile(state, Environment.ProcessId, health.Build());
            string temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(status, WireJson.Options));
            File.Move(temp, path, overwrite: true);
            _failing = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StoreException)
        {
            if (!_failing)
            {
                logger.LogWarning("Cannot write the status file {Path}: {Reason}; 'edge-alpr status' will show it as stale", path, ex.Message);
                _failing = true;
            }
        }
    }
}

/// <summary>What <c>edge-alpr status</c> reads: the agent's state, its process and its latest health report.</summary>
public sealed record AgentStatusFile(string State, int Pid, Contracts.HealthMessage Health);
