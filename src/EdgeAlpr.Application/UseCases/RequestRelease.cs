using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// An investigator asks to release reads to another agency: the grounds (case, purpose, for whom), the recipient
/// (name, ORI, law-enforcement or government) and the reads, all checked as a release is (each read present and
/// within retention; no image read). Any problem refuses it, audited <c>release_request_refused</c> with every
/// reason; else it is kept pending for a supervisor (<see cref="DecideRelease"/>), audited <c>release_requested</c>.
/// Nothing leaves the unit here.
/// </summary>
public sealed class RequestRelease(ReleaseEvidence release, IReleaseRequests requests, IAuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Requests the release of <paramref name="reads"/> for <paramref name="use"/> to the recipient given as text;
    /// <paramref name="otherProblems"/> is what the caller found wrong with the rest (an id that is not one).
    /// </summary>
    public ReleaseRequest Run(
        AuthenticatedUser actor,
        IReadOnlyList<Guid> reads,
        AuthorisedUse use,
        RecipientText recipient,
        IReadOnlyList<string>? otherProblems = null
    )
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(use);
        ArgumentNullException.ThrowIfNull(recipient);
        Access.Authorize(actor, Permission.RequestRelease, audit, "request_release");
        var problems = Recipient.Problems(recipient.Agency, recipient.Ori, recipient.Kind).Concat(otherProblems ?? []).ToList();
        release.Check(actor, reads, use, problems, "release_request_refused");

        DateTimeOffset now = time.GetUtcNow();
        var request = new ReleaseRequest(
            Guid.CreateVersion7(now),
            now,
            actor.Login,
            use.Behalf,
            use.Case,
            use.Purpose!.Trim(),
            Recipient.Create(recipient.Agency, recipient.Ori, recipient.Kind),
            reads.Distinct().ToList()
        );
        requests.Submit(request);
        return request;
    }
}

/// <summary>A recipient as a person typed it, before it is checked.</summary>
/// <param name="Agency">The agency's name.</param>
/// <param name="Ori">Its NCIC ORI.</param>
/// <param name="Kind"><c>law_enforcement</c> or <c>government</c>.</param>
public sealed record RecipientText(string? Agency, string? Ori, string? Kind);
