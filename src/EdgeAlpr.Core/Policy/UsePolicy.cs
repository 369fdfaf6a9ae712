using System.Text.RegularExpressions;

namespace EdgeAlpr.Core.Policy;

/// <summary>
/// The agency's own rules for a search or a release, beyond what the directive says of every agency: the format
/// of its case numbers (a records system issues them, so one that does not fit is a typo or made up).
/// </summary>
public sealed class UsePolicy
{
    /// <summary>
    /// Three or more digits among letters, digits and - / . : # _ (at least 4 characters): "26-004417", "2026-000123",
    /// "SPD-25-1187". A lone "1" or "12" does not name a case in any records system we know of.
    /// </summary>
    public const string DefaultCaseNumberPattern = @"^(?=(?:[^0-9]*[0-9]){3})[A-Za-z0-9][A-Za-z0-9\-/.:#_]{3,39}$";

    private readonly Regex _caseNumber;

    /// <param name="caseNumberPattern">A .NET regular expression the whole case number must match.</param>
    /// <param name="caseNumberFormat">How to say the format to a person (an example), in refusals.</param>
    public UsePolicy(string caseNumberPattern, string? caseNumberFormat = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseNumberPattern);
        // Compiled once per unit; the timeout guards against a settings pattern that backtracks badly.
        _caseNumber = new Regex(caseNumberPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        CaseNumberPattern = caseNumberPattern;
        CaseNumberFormat = string.IsNullOrWhiteSpace(caseNumberFormat) ? $"pattern {caseNumberPattern}" : caseNumberFormat.Trim();
    }

    public static UsePolicy Default { get; } = new(DefaultCaseNumberPattern, "at least 3 digits, e.g. 26-004417");

    public string CaseNumberPattern { get; }

    public string CaseNumberFormat { get; }

    public bool IsCaseNumber(string caseNumber)
    {
        try
        {
            return _caseNumber.IsMatch(caseNumber);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Why <paramref name="pattern"/> cannot be a case-number pattern; null when it can.</summary>
    public static string? PatternProblem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "the case-number pattern is empty";
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return pattern.StartsWith('^') && pattern.EndsWith('$')
                ? null
                : $"the case-number pattern '{pattern}' must match the whole number: start it with ^ and end it with $";
        }
        catch (ArgumentException ex)
        {
            return $"the case-number pattern '{pattern}' is not a regular expression: {ex.Message}";
        }
    }
}
