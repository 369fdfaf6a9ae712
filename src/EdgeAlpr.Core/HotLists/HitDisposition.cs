namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// The officer's accept or reject of a hit. The directive requires every hit to be verified
/// before enforcement action, so an acceptance must name what it was verified with.
/// </summary>
public sealed record HitDisposition(Guid HitId, HitDecision Decision, string Officer, string? VerifiedWith, string? Note, DateTimeOffset DecidedAt)
{
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

        return problems;
    }
}
