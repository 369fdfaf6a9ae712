using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A supervisor decides investigators' release requests, each once: an approval re-checks the reads (still within
/// retention) and has <see cref="ReleaseEvidence"/> produce the package, released and verified by the supervisor and
/// requested by the investigator, the request marked approved with the release in the same commit (audited
/// <c>release_approved</c>); a refusal keeps the reason (audited <c>release_refused</c>). A supervisor may not
/// approve a request of their own (separation of duties): that, a request decided already, or one that does not
/// exist is refused and audited <c>release_decision_refused</c>.
/// </summary>
public sealed class DecideRelease(ReleaseEvidence release, IReleaseRequests requests, IAuditLog audit, TimeProvider time)
{
    /// <summary>The requests waiting for a decision, or with <paramref name="all"/> every one kept, oldest first.</summary>
    public IReadOnlyList<ReleaseRequest> List(AuthenticatedUser actor, bool all = false)
    {
        Access.Authorize(actor, Permission.ApproveRelease, audit, "list_release_requests");
        return requests.Requests(all);
    }

    /// <summary>
    /// Approves request <paramref name="requestId"/> and produces its package at <paramref name="destination"/>
    /// through <paramref name="packager"/>; <paramref name="otherProblems"/> is what the caller found wrong with the
    /// rest (the file), refused and audited with the reads' problems.
    /// </summary>
    public Released Approve(
        AuthenticatedUser actor,
        Guid requestId,
        string destination,
        IEvidencePackager packager,
        IReadOnlyList<string>? otherProblems = null
    )
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(packager);
        Access.Authorize(actor, Permission.ApproveRelease, audit, "approve_release", requestId.ToString());
        ReleaseRequest request = Decidable(actor, requestId, "approve");
        if (string.Equals(request.RequestedBy, actor.Login, StringComparison.Ordinal))
        {
            Refuse(
                actor,
                requestId,
                "approve",
                $"{actor.Login} requested release {requestId} and may not approve it: another supervisor must (separation of duties)"
            );
        }

        return release.Release(new ApprovedRelease(request, actor, destination, time.GetUtcNow()), packager, otherProblems);
    }

    /// <summary>Refuses request <paramref name="requestId"/> for <paramref name="reason"/>; nothing is released.</summary>
    public ReleaseRequest Refuse(AuthenticatedUser actor, Guid requestId, string? reason)
    {
        Access.Authorize(actor, Permission.ApproveRelease, audit, "refuse_release", requestId.ToString());
        string why = reason?.Trim() ?? string.Empty;
        if (why.Length == 0)
        {
            Refuse(actor, requestId, "refuse", "say why the release is refused (--reason TEXT): the investigator and the audit trail keep it");
        }
        else if (why.Length > ReleaseRequest.MaxReasonLength)
        {
            Refuse(actor, requestId, "refuse", $"the reason is {why.Length} characters; keep it to {ReleaseRequest.MaxReasonLength}");
        }

        ReleaseRequest refused = Decidable(actor, requestId, "refuse") with
        {
            State = ReleaseRequestState.Refused,
            DecidedAt = time.GetUtcNow(),
            DecidedBy = actor.Login,
            RefusalReason = why,
        };
        requests.Refuse(refused);
        return refused;
    }

    private ReleaseRequest Decidable(AuthenticatedUser actor, Guid requestId, string decision)
    {
        ReleaseRequest? request = requests.FindRequest(requestId);
        if (request is null)
        {
            Refuse(actor, requestId, decision, $"there is no release request {requestId} on this unit ('edge-alpr export requests' lists them)");
        }

        if (request!.DecidedProblem() is { } decided)
        {
            Refuse(actor, requestId, decision, decided);
        }

        return request;
    }

    private void Refuse(AuthenticatedUser actor, Guid requestId, string decision, string problem)
    {
        audit.RecordAudit(
            "release_decision_refused",
            requestId.ToString(),
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["decision"] = decision,
                ["problems"] = new List<string> { problem },
            },
            actor.Login
        );
        throw new UseRefusedException([problem]);
    }
}
