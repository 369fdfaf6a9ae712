using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.Ports;

/// <summary>Every release of evidence outside the unit, kept for the long term and forwarded.</summary>
public interface IDisseminationLog
{
    /// <summary>
    /// Records a release: stored, audited and queued for the platform in one commit; the reads
    /// released become evidence, kept as long as hits are. A record with a
    /// <see cref="Dissemination.RequestId"/> also marks that request approved (audited
    /// <c>release_approved</c> under the approver) in the same commit, or is refused
    /// (<see cref="UseRefusedException"/>, nothing recorded) when the request is not pending.
    /// </summary>
    void RecordDissemination(Dissemination record);

    StoredDissemination? FindDissemination(Guid id);

    /// <summary>Every record, oldest first, optionally of one case.</summary>
    IReadOnlyList<StoredDissemination> Disseminations(string? caseNumber = null);
}
