using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Agent.Hosting;

/// <summary>
/// The officer's accept or reject from the in-cab buttons, recorded in the evidence store as
/// the CLI's are: stored, audited and queued for the platform.
/// </summary>
public sealed class ButtonDecisions : IDisposable
{
    private readonly InCabAlerts _panel;
    private readonly EvidenceStore _store;
    private readonly ILogger _logger;

    public ButtonDecisions(InCabAlerts panel, EvidenceStore store, ILogger logger)
    {
        _panel = panel;
        _store = store;
        _logger = logger;
        panel.Decided += OnDecided;
    }

    public void Dispose() => _panel.Decided -= OnDecided;

    private void OnDecided(HitDisposition decision)
    {
        try
        {
            Guid id = _store.Reads.RecordDisposition(decision);
            _logger.LogInformation("Hit {Hit} {Decision} from the in-cab buttons (disposition {Id})", decision.HitId, decision.Decision, id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The button press must not be lost silently: the officer can still record it with 'edge-alpr hits'.
            _logger.LogError(ex, "Could not record the {Decision} of hit {Hit} from the in-cab buttons; record it with 'edge-alpr hits'", decision.Decision, decision.HitId);
        }
    }
}
