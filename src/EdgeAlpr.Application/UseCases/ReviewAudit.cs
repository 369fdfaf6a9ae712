using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// An auditor reads the trail: events by filter, and the chain's verification with its checkpoints. Only a
/// holder of <see cref="Permission.ReadAudit"/> may; each look is itself audited (<c>audit_viewed</c>, with the
/// filter) under the auditor, so who read the trail is in the trail.
/// </summary>
public sealed class ReviewAudit(IAuditLog audit)
{
    /// <summary>The most events one query returns: a page a person reads, not an export.</summary>
    public const int MaxLimit = 5000;

    public const int MaxCheckpoints = 200;

    public const string ViewedAction = "audit_viewed";

    /// <summary>The events <paramref name="filter"/> matches, newest last; the view audited before it is answered.</summary>
    public IReadOnlyList<StoredAuditEvent> Events(AuthenticatedUser user, AuditFilter filter)
    {
        Access.Authorize(user, Permission.ReadAudit, audit, "audit_events");
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.Limit, $"the limit must be 1 to {MaxLimit}");
        }

        IReadOnlyList<StoredAuditEvent> events = audit.QueryAudit(filter);
        audit.RecordAudit(
            ViewedAction,
            null,
            new Dictionary<string, object?>
            {
                ["view"] = "events",
                ["action"] = filter.Action,
                ["actor"] = filter.Actor,
                ["subject"] = filter.Subject,
                ["case_number"] = filter.CaseNumber,
                ["from"] = filter.From,
                ["to"] = filter.To,
                ["limit"] = filter.Limit,
                ["events"] = events.Count,
            },
            user.Login
        );
        return events;
    }

    /// <summary>
    /// The chain verified end to end (against <paramref name="expected"/>, checkpoints held elsewhere: sequence → hash)
    /// and its checkpoints, oldest first.
    /// </summary>
    public AuditReview Verify(
        AuthenticatedUser user,
        IReadOnlyDictionary<long, string>? expected = null,
        CancellationToken cancellationToken = default
    )
    {
        Access.Authorize(user, Permission.ReadAudit, audit, "audit_verify");
        AuditVerification verification = audit.VerifyAudit(expected, cancellationToken);
        // The newest ones: a unit checkpoints every few minutes, and the page shows the recent run of them.
        IReadOnlyList<StoredAuditEvent> checkpoints = [.. audit.AuditTrail(CheckpointAction).TakeLast(MaxCheckpoints)];
        audit.RecordAudit(
            ViewedAction,
            null,
            new Dictionary<string, object?>
            {
                ["view"] = "verify",
                ["ok"] = verification.Ok,
                ["events"] = verification.Events,
                ["through_seq"] = verification.LastSeq,
                ["first_break"] = verification.FirstBreak?.Seq,
                ["checkpoints_given"] = expected?.Count ?? 0,
            },
            user.Login
        );
        return new AuditReview(verification, checkpoints);
    }

    /// <summary>The action a checkpoint of the chain is recorded under.</summary>
    public const string CheckpointAction = "audit_checkpoint";
}

/// <summary>What <see cref="ReviewAudit.Verify"/> found: the chain's verification and the checkpoint events.</summary>
public sealed record AuditReview(AuditVerification Verification, IReadOnlyList<StoredAuditEvent> Checkpoints);
