using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// The release requests as their parties follow them, beside <see cref="DecideRelease"/> (the supervisor's list and
/// decisions): an investigator's own requests and where each stands, and the approved package, which only the
/// investigator who requested it or the supervisor who approved it may take from the unit, each time audited
/// <c>release_downloaded</c> (anyone else, or a request with no package, refused and audited
/// <c>release_download_refused</c>).
/// </summary>
public sealed class ViewReleases(IReleaseRequests requests, IAuditLog audit)
{
    /// <summary>The requests <paramref name="actor"/> made, oldest first: all of them, or with <paramref name="pendingOnly"/> those still waiting.</summary>
    public IReadOnlyList<ReleaseRequest> Own(AuthenticatedUser actor, bool pendingOnly = false)
    {
        Access.Authorize(actor, Permission.RequestRelease, audit, "list_own_release_requests");
        return [.. requests.Requests(all: !pendingOnly).Where(r => string.Equals(r.RequestedBy, actor.Login, StringComparison.Ordinal))];
    }

    /// <summary>
    /// The package of approved request <paramref name="requestId"/>, opened by <paramref name="openPackage"/> (null when
    /// its file is gone), for its requester or its approver; audited before it is handed over.
    /// </summary>
    public (ReleaseRequest Request, Stream Package) Download(AuthenticatedUser actor, Guid requestId, Func<ReleaseRequest, Stream?> openPackage)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(openPackage);
        ReleaseRequest? request = requests.FindRequest(requestId);
        string? party =
            request is null ? null
            : string.Equals(request.RequestedBy, actor.Login, StringComparison.Ordinal) ? "requester"
            : string.Equals(request.DecidedBy, actor.Login, StringComparison.Ordinal) ? "approver"
            : null;
        if (request is null)
        {
            Refuse(actor, requestId, $"there is no release request {requestId} on this unit");
        }
        else if (party is null)
        {
            Refuse(
                actor,
                requestId,
                $"only the investigator who requested release {requestId} ({request.RequestedBy}) or the supervisor who approved it may download its package"
            );
        }
        else if (request.State != ReleaseRequestState.Approved)
        {
            Refuse(
                actor,
                requestId,
                $"release request {requestId} is {ReleaseRequestStates.Name(request.State)}: only an approved release has a package"
            );
        }

        Stream? package = openPackage(request!);
        if (package is null)
        {
            Refuse(actor, requestId, $"the package of release {requestId} is no longer on this unit");
        }

        audit.RecordAudit(
            "release_downloaded",
            requestId.ToString(),
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["as"] = party,
                ["dissemination_id"] = request!.DisseminationId,
                ["case_number"] = request.CaseNumber,
            },
            actor.Login
        );
        return (request, package!);
    }

    private void Refuse(AuthenticatedUser actor, Guid requestId, string problem)
    {
        audit.RecordAudit(
            "release_download_refused",
            requestId.ToString(),
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["problems"] = new List<string> { problem } },
            actor.Login
        );
        throw new UseRefusedException([problem]);
    }
}
