using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// The officer's accept or reject from the in-cab buttons, recorded in the evidence store as
/// the CLI's are: stored, audited and queued for the platform. Listens from construction until
/// disposed; a hosted service only so that the host makes it at start.
/// </summary>
public sealed class ButtonDecisions : IHostedService, IDisposable
{
    private readonly IAlertPanel _panel;
    private readonly DecideHit _decide;
    private readonly ILogger _logger;

    public ButtonDecisions(IAlertPanel panel, IReadStore store, ILogger<ButtonDecisions> logger)
        : this(panel, store, (ILogger)logger) { }

    public ButtonDecisions(IAlertPanel panel, IReadStore store, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(panel);
        _panel = panel;
        _decide = new DecideHit(store);
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
            Guid id = _decide.Decide(decision).Id;
            _logger.LogInformation("Hit {Hit} {Decision} from the in-cab buttons (disposition {Id})", decision.HitId, decision.Decision, id);
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
