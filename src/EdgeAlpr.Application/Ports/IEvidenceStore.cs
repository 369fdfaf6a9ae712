using EdgeAlpr.Application.People;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The evidence store as one unit that is opened and closed: its parts, each a port of its own,
/// share one database and one commit order. Commands open one for their work; the agent holds one.
/// </summary>
public interface IEvidenceStore : IAsyncDisposable
{
    IReadStore Reads { get; }

    IOutbox Outbox { get; }

    IAuditLog AuditLog { get; }

    IDisseminationLog DisseminationLog { get; }

    /// <summary>Investigators' release requests and supervisors' decisions.</summary>
    IReleaseRequests ReleaseRequests { get; }

    IRetention Retention { get; }

    IReadSearch Search { get; }

    IStoreAdministration Administration { get; }

    /// <summary>The unit's user accounts, kept with the evidence (sealed at rest).</summary>
    IUserStore Users { get; }
}
