using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Applies the retention policy while the agent runs: every <c>Agent:PurgeInterval</c>, reads
/// forwarded and past their 90 days go (hits, dispositions and audit by their own longer terms).
/// The store never removes what the platform has not acknowledged, so a unit offline for months
/// keeps its evidence.
/// </summary>
public sealed class RetentionWorker(AgentOptions options, EvidenceStore store, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PurgeInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    PurgeReport report = new PurgeByRetention(store.Retention).Run("agent retention");
                    logger.LogInformation(
                        "Retention: {Reads} reads, {Hits} hits, {Images} images removed; {Held} past retention kept until forwarded",
                        report.Reads,
                        report.Hits,
                        report.Images,
                        report.HeldNotForwarded
                    );
                }
                catch (StoreException ex)
                {
                    logger.LogError("Retention could not run: {Reason}; it tries again in {Interval}", ex.Message, options.PurgeInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
