using System.Globalization;
using EdgeAlpr.Application.ReadPath;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Talks to systemd for a <c>Type=notify</c> unit: READY=1 once the models, hot list and
/// cameras are up (not merely once the process runs), a STATUS line, WATCHDOG=1 at half the
/// unit's <c>WatchdogSec</c> only while the read path is not stalled, and STOPPING=1 on shutdown.
/// Nothing happens outside systemd (no <c>NOTIFY_SOCKET</c>).
/// </summary>
public sealed class SystemdNotify(ReadPathService pipeline, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdNotify> logger)
    : BackgroundService
{
    private readonly SystemdNotifier _notifier = new();

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        if (_notifier.IsEnabled)
        {
            _notifier.Notify(ServiceState.Stopping);
        }

        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        // ApplicationStarted fires after every service has started: models loaded, cameras opened.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        _notifier.Notify(ServiceState.Ready);
        _notifier.Notify(new ServiceState("STATUS=reading plates"));
        if (WatchdogInterval() is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval / 2, time);
        bool stalled = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (pipeline.Stalled)
                {
                    // No ping: systemd restarts the unit once WatchdogSec passes.
                    if (!stalled)
                    {
                        logger.LogCritical("Recognition has not advanced for a minute with frames waiting; the watchdog will restart the service");
                        _notifier.Notify(new ServiceState("STATUS=stalled: recognition is not advancing"));
                    }

                    stalled = true;
                    continue;
                }

                stalled = false;
                _notifier.Notify(new ServiceState("WATCHDOG=1"));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static TimeSpan? WatchdogInterval() =>
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long usec)
        && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
}
