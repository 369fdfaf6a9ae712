using System.Text.RegularExpressions;

namespace EdgeAlpr.Core.People;

/// <summary>
/// An agency's Originating Agency Identifier: the 9 characters, letters and digits, that NCIC assigns
/// (two letters for the state, then seven: "IL0160000"). Stored upper case.
/// </summary>
public static partial class AgencyOri
{
    public const int Length = 9;

    /// <summary>Why <paramref name="ori"/> is not an ORI, or null when it is.</summary>
    public static string? Problem(string? ori)
    {
        if (string.IsNullOrWhiteSpace(ori))
        {
            return "an agency ORI is required";
        }

        return Pattern().IsMatch(ori.Trim())
            ? null
            : $"the agency ORI '{LoginName.Printable(ori)}' must be {Length} letters and digits, the state's two letters first (as NCIC assigns them, e.g. IL0160000)";
    }

    /// <summary>The ORI upper case, or a <see cref="FormatException"/> saying why it is not one.</summary>
    public static string Normalize(string? ori) => Problem(ori) is { } problem ? throw new FormatException(problem) : ori!.Trim().ToUpperInvariant();

    [GeneratedRegex("^[A-Za-z]{2}[A-Za-z0-9]{7}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
