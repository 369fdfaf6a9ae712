using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Applies the retention policy while the agent runs: every <c>Agent:PurgeInterval</c>, routine
/// reads past their 90 days go, forwarded or not (the directive counts from capture; those the
/// platform never had are audited apart and shown on health). Hits, evidence reads, dispositions
/// and audit events go by their own longer terms, and only once the platform has them, so a unit
/// offline for months keeps them.
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
                        "Retention: {Reads} reads ({Unforwarded} never forwarded), {Hits} hits, {Images} images removed; {Held} serious records past retention kept until forwarded",
                        report.Reads,
                        report.UnforwardedReads,
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
