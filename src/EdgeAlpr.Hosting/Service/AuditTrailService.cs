using EdgeAlpr.Application.UseCases;
using EdgeAlpr.FileSystem;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Keeps the audit trail complete while the agent runs: at start it records the settings when
/// they changed, and once started the hot list in use (with local entries added while the agent
/// was down);
/// every <c>Agent:AuditCheckpointInterval</c> and at stop it brings the hot list up to date and
/// records a checkpoint of the chain, which the uplink forwards.
/// </summary>
public sealed class AuditTrailService(
    AgentOptions options,
    EvidenceStore store,
    HotListService hotList,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<AuditTrailService> logger
) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Said once at start: the store seals its own files, but only a LUKS volume also hides
        // what the file system shows (sizes, times) and protects the settings and the system.
        if (VolumeEncryption.IsEncrypted(store.Volume))
        {
            logger.LogInformation("The store's folder is on {Volume}", store.Volume);
        }
        else
        {
            logger.LogWarning("The store's folder is {Volume}; on a unit that can be stolen, put /var/lib/edge-alpr on a LUKS volume", store.Volume);
        }

        string source = SettingsSnapshot.Source(configuration);
        if (store.AuditLog.RecordSettings(SettingsSnapshot.Of(configuration), source, actor: "agent"))
        {
            logger.LogInformation("Settings from {Source} differ from the last ones recorded; the change is in the audit trail", source);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Checkpoint();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AuditCheckpointInterval, time);
        try
        {
            // The hot list is loaded by the read pipeline, which starts after this service.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            RecordHotListSafely();
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync writes the last checkpoint.
        }
    }

    private void RecordHotListSafely()
    {
        try
        {
            if (hotList.CopyRefusal is { } refusal)
            {
                // Someone who can write the hot list's folder may have tried to empty the list in use: a security
                // event, kept with the trail. The list was rebuilt from the signed files.
                store.AuditLog.RecordAudit(
                    "hotlist_copy_refused",
                    null,
                    new Dictionary<string, object?> { ["reason"] = refusal, ["rebuilt_from"] = "signed files" },
                    actor: "agent"
                );
            }

            RecordHotList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage trouble has its own alarm; the trail catches up at the next checkpoint.
            logger.LogError(
                "Could not bring the audit trail up to date with the hot list: {Reason}; it is tried again at the next checkpoint",
                ex.Message
            );
        }
    }

    private void Checkpoint()
    {
        try
        {
            RecordHotList();
            if (store.AuditLog.CheckpointAudit() is { } checkpoint)
            {
                logger.LogInformation(
                    "Audit checkpoint: event {Seq} seals the chain through event {Through} ({Hash})",
                    checkpoint.Seq,
                    checkpoint.ThroughSeq,
                    checkpoint.ThroughHash[..12]
                );
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("Could not record an audit checkpoint: {Reason}; the next one covers these events too", ex.Message);
        }
    }

    private void RecordHotList()
    {
        EditHotList.RecordInAudit(hotList, store.AuditLog, actor: "agent");
    }
}
