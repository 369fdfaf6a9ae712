namespace EdgeAlpr.Core.Policy;

/// <summary>
/// Why ALPR data is being looked at or released: the case it serves and the authorised
/// purpose (the criminal nexus), and who asks. The directive allows use for law-enforcement
/// purposes only, so a search or an export without both is refused, and both are recorded with
/// it in the audit trail.
/// </summary>
public sealed record AuthorisedUse(string? CaseNumber, string? Purpose, string RequestedBy)
{
    public const int MaxCaseNumberLength = 40;
    public const int MinPurposeLength = 12;
    public const int MaxPurposeLength = 500;

    // Words that fill the field without saying why; a purpose must name the offence or the need.
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "test",
        "testing",
        "n/a",
        "na",
        "none",
        "investigation",
        "lookup",
        "search",
        "check",
        "curiosity",
        "personal",
        "xxx",
        "tbd",
        "todo",
        "see case",
    };

    /// <summary>What is missing or unacceptable, one line each; empty when the use may go ahead.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        string caseNumber = CaseNumber?.Trim() ?? string.Empty;
        if (caseNumber.Length == 0)
        {
            problems.Add("a case number is required (--case-number): ALPR data is used for a law-enforcement case only");
        }
        else if (
            caseNumber.Length > MaxCaseNumberLength
            || !caseNumber.All(IsCaseNumberChar)
            || !caseNumber.Any(char.IsAsciiDigit)
            || caseNumber.All(c => c is '0' or '-' or '/')
        )
        {
            problems.Add(
                $"'{Shorten(caseNumber)}' is not a case number: use the agency's number, up to {MaxCaseNumberLength} letters, digits and - / . : #, with at least one digit that is not 0"
            );
        }

        string purpose = Purpose?.Trim() ?? string.Empty;
        if (purpose.Length == 0)
        {
            problems.Add("an authorised purpose is required (--purpose): say what offence or law-enforcement need the data serves");
        }
        else if (purpose.Length > MaxPurposeLength)
        {
            problems.Add($"the purpose is {purpose.Length} characters; keep it to {MaxPurposeLength} and put the rest in the case file");
        }
        else if (
            purpose.Length < MinPurposeLength
            || Placeholders.Contains(purpose)
            || purpose.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2
        )
        {
            problems.Add($"'{Shorten(purpose)}' does not state a purpose: name the offence or need, e.g. 'stolen vehicle reported 2026-11-30'");
        }

        if (string.IsNullOrWhiteSpace(RequestedBy))
        {
            problems.Add("who asks must be known (--requested-by)");
        }

        return problems;
    }

    private static bool IsCaseNumberChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.' or ':' or '#' or '_';

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
