using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// Applies the retention policy: routine reads 90 days after capture, hits, decisions, releases
/// and audit events after their longer terms, and nothing the platform has not acknowledged.
/// The agent's timer, the platform's <c>purge</c> command and <c>edge-alpr store purge</c> all come
/// here; the purge is audited under the actor given by the store in the same commit.
/// </summary>
public sealed class PurgeByRetention(IRetention retention)
{
    public PurgeReport Run(string actor, bool dryRun = false, bool orphans = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return retention.Purge(dryRun, orphans, actor);
    }
}
