using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// The officer's accept or reject from the in-cab buttons, recorded in the evidence store as
/// the CLI's are: stored, audited and queued for the platform, attributed to the officer signed on to
/// the <see cref="Shift"/>. Listens from construction until disposed; a hosted service only so that the
/// host makes it at start.
/// </summary>
public sealed class ButtonDecisions : IHostedService, IDisposable
{
    private readonly IAlertPanel _panel;
    private readonly DecideHit _decide;
    private readonly Shift _shift;
    private readonly ILogger _logger;

    public ButtonDecisions(IAlertPanel panel, IReadStore store, IAuditLog audit, Shift shift, ILogger<ButtonDecisions> logger)
        : this(panel, store, audit, shift, (ILogger)logger) { }

    public ButtonDecisions(IAlertPanel panel, IReadStore store, IAuditLog audit, Shift shift, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(shift);
        _panel = panel;
        _decide = new DecideHit(store, audit);
        _shift = shift;
        _logger = logger;
        panel.Decided += OnDecided;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _panel.Decided -= OnDecided;

    private void OnDecided(HitDisposition decision)
    {
        try
        {
            StoredDisposition kept = _decide.DecideAtButton(decision, _shift.Current);
            _logger.LogInformation(
                "Hit {Hit} {Decision} from the in-cab buttons by {Officer} (disposition {Id})",
                decision.HitId,
                decision.Decision,
                kept.Officer,
                kept.Id
            );
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The button press must not be lost silently: the officer can still record it with 'edge-alpr hits'.
            _logger.LogError(
                ex,
                "Could not record the {Decision} of hit {Hit} from the in-cab buttons; record it with 'edge-alpr hits'",
                decision.Decision,
                decision.HitId
            );
        }
    }
}
