namespace EdgeAlpr.Core.Policy;

/// <summary>
/// The record of one release of ALPR data outside the unit, as the directive requires it be
/// kept and shown on request: who asked, which agency received it and whether its
/// law-enforcement status was verified (and by whom), for which case and purpose, who released
/// it, and exactly what was sent (reads, image hashes, the sealed package's own hash).
/// </summary>
public sealed record Dissemination(
    Guid Id,
    DateTimeOffset At,
    string CaseNumber,
    string Purpose,
    string RequestedBy,
    string RecipientAgency,
    bool RecipientVerified,
    string? VerifiedBy,
    string ReleasedBy,
    IReadOnlyList<Guid> Reads,
    IReadOnlyList<string> Images,
    string PackageId,
    string PackageFile,
    string PackageSha256,
    long PackageBytes,
    string KeyKind
)
{
    public const int MaxAgencyLength = 200;

    /// <summary>What the recipient part lacks, one line each (the use itself is <see cref="AuthorisedUse"/>'s to judge).</summary>
    public static IReadOnlyList<string> RecipientProblems(string? agency, bool verified, string? verifiedBy)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(agency))
        {
            problems.Add("the recipient agency is required (--recipient-agency): name the agency and its ORI");
        }
        else if (agency.Trim().Length > MaxAgencyLength)
        {
            problems.Add($"the recipient agency is longer than {MaxAgencyLength} characters");
        }

        if (verified && string.IsNullOrWhiteSpace(verifiedBy))
        {
            problems.Add("say who verified the recipient's law-enforcement status (--recipient-verified-by NAME)");
        }

        return problems;
    }
}
