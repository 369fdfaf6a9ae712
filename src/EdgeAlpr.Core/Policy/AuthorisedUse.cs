namespace EdgeAlpr.Core.Policy;

/// <summary>
/// Why ALPR data is being looked at or released: the case it serves and the authorised
/// purpose (the criminal nexus), and, when the signed-in person acts for someone else (a dispatcher
/// for a detective in the field), on whose behalf. The directive allows use for law-enforcement
/// purposes only, so a search or an export without both is refused, and both are recorded with
/// it in the audit trail. Who acts is never part of this: it is the authenticated user.
/// </summary>
public sealed record AuthorisedUse(string? CaseNumber, string? Purpose, string? OnBehalfOf = null)
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

    // Words that say nothing of an offence or a need: a purpose made only of these ("just looking around",
    // "checking stuff", "general query") is refused, however long.
    private static readonly HashSet<string> VagueWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "just",
        "looking",
        "look",
        "around",
        "at",
        "a",
        "an",
        "the",
        "some",
        "something",
        "stuff",
        "things",
        "thing",
        "for",
        "to",
        "of",
        "it",
        "this",
        "that",
        "check",
        "checking",
        "checked",
        "see",
        "seeing",
        "browse",
        "browsing",
        "random",
        "general",
        "query",
        "queries",
        "search",
        "searching",
        "lookup",
        "test",
        "testing",
        "curious",
        "curiosity",
        "interest",
        "interested",
        "personal",
        "fun",
        "info",
        "information",
        "data",
        "plate",
        "plates",
        "car",
        "cars",
        "vehicle",
        "vehicles",
        "nothing",
        "n/a",
        "na",
        "none",
        "misc",
        "miscellaneous",
        "other",
        "reasons",
        "reason",
        "routine",
        "fishing",
        "wondering",
        "want",
        "know",
        "knowing",
        "why",
        "not",
        "because",
        "and",
        "or",
        "my",
        "me",
        "i",
        "on",
        "in",
        "out",
        "up",
    };

    /// <summary>The case number, trimmed (empty when none was given).</summary>
    public string Case => CaseNumber?.Trim() ?? string.Empty;

    /// <summary>The person acted for, trimmed; null when the signed-in person acts for themselves.</summary>
    public string? Behalf => string.IsNullOrWhiteSpace(OnBehalfOf) ? null : OnBehalfOf.Trim();

    /// <summary>What is missing or unacceptable, one line each; empty when the use may go ahead.</summary>
    /// <param name="policy">The agency's rules (its case-number format); the defaults when null.</param>
    public IReadOnlyList<string> Problems(UsePolicy? policy = null)
    {
        policy ??= UsePolicy.Default;
        var problems = new List<string>();
        string caseNumber = Case;
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
        else if (!policy.IsCaseNumber(caseNumber))
        {
            problems.Add($"'{Shorten(caseNumber)}' does not have the agency's case-number format ({policy.CaseNumberFormat})");
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
            || IsVague(purpose)
        )
        {
            problems.Add($"'{Shorten(purpose)}' does not state a purpose: name the offence or need, e.g. 'stolen vehicle reported 2026-11-30'");
        }

        if (OnBehalfOf is { Length: > MaxNameLength })
        {
            problems.Add($"the person acted for is longer than {MaxNameLength} characters");
        }

        return problems;
    }

    public const int MaxNameLength = 200;

    private static bool IsVague(string purpose) =>
        purpose.Split([' ', ',', '.', ';', ':', '!', '?', '-', '\'', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries).All(VagueWords.Contains);

    private static bool IsCaseNumberChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.' or ':' or '#' or '_';

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
