namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// The officer's accept or reject of a hit. The directive requires every hit to be verified
/// before enforcement action, so an acceptance must name what it was verified with; a
/// rejection must say why.
/// </summary>
public sealed record HitDisposition(Guid HitId, HitDecision Decision, string Officer, string? VerifiedWith, string? Note, DateTimeOffset DecidedAt)
{
    /// <summary>Why it was rejected; required for a rejection, meaningless for an acceptance.</summary>
    public RejectReason? Reason { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Officer))
        {
            problems.Add("the officer (name or badge number) is required");
        }

        if (Decision == HitDecision.Accepted && string.IsNullOrWhiteSpace(VerifiedWith))
        {
            problems.Add("an accepted hit must say what it was verified with (e.g. LEADS, NCIC)");
        }

        if (Decision == HitDecision.Accepted && Reason is not null)
        {
            problems.Add("a reject reason goes with a rejection, not an acceptance");
        }

        if (Decision == HitDecision.Rejected && Reason is null)
        {
            problems.Add($"a rejected hit must say why: {string.Join(", ", RejectReasons.All)}");
        }

        if (Reason == RejectReason.Other && string.IsNullOrWhiteSpace(Note))
        {
            problems.Add("a rejection for an 'other' reason needs a note saying what it was");
        }

        return problems;
    }
}
