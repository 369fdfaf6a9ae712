using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// Investigators' requests to release evidence, kept for the long term as releases are. Each state change is stored
/// with its audit event in one commit. Approval is not here: a <see cref="Dissemination"/> recorded with its
/// <see cref="Dissemination.RequestId"/> marks its request approved in the commit that records the release
/// (<see cref="IDisseminationLog.RecordDissemination"/>), so no package is recorded without its approval, nor an
/// approval without its package's record.
/// </summary>
public interface IReleaseRequests
{
    /// <summary>Stores a new request as pending, audited <c>release_requested</c> under its requester.</summary>
    void Submit(ReleaseRequest request);

    ReleaseRequest? FindRequest(Guid id);

    /// <summary>The requests, oldest first: the pending ones only unless <paramref name="all"/>.</summary>
    IReadOnlyList<ReleaseRequest> Requests(bool all = false);

    /// <summary>
    /// Marks a pending request refused (<paramref name="refused"/> carries who, when and why), audited
    /// <c>release_refused</c> under the supervisor; a <see cref="UseRefusedException"/> if it is not pending.
    /// </summary>
    void Refuse(ReleaseRequest refused);
}
