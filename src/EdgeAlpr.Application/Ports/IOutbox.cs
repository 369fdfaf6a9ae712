using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// What waits to be forwarded to the platform: reads, hits, decisions, audit events and
/// dissemination records, hits and decisions first. An item leaves only once the platform has it.
/// </summary>
public interface IOutbox
{
    /// <summary>Raised after a commit queued something; true when it was urgent (a hit or a decision).</summary>
    event Action<bool>? OutboxChanged;

    /// <summary>Items due now, urgent ones first, less those in <paramref name="skip"/> (in flight).</summary>
    IReadOnlyList<OutboxItem> PendingOutbox(int max, IReadOnlySet<long>? skip = null);

    /// <summary>Every queued item, due or not, in delivery order.</summary>
    IReadOnlyList<OutboxItem> OutboxItems(int max);

    /// <summary>The platform acknowledged these: they leave the outbox and their records are marked forwarded.</summary>
    int MarkForwarded(IReadOnlyCollection<long> outboxIds);

    /// <summary>The platform refused or the send failed: tried again at <paramref name="retryAt"/>.</summary>
    void MarkFailed(long outboxId, string reason, DateTimeOffset retryAt);

    /// <summary>How much waits and since when.</summary>
    OutboxBacklog Backlog();
}
