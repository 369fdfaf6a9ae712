using System.Text.RegularExpressions;

namespace EdgeAlpr.Core.People;

/// <summary>
/// A user's login name: 2 to 64 of lower-case letters, digits, '.', '_' and '-'. Narrow on purpose: it is
/// the actor in every audit event, a key in the store and (next) a Unix user name to map, so it must print
/// plainly and compare exactly; a name with upper case is refused rather than folded, so two spellings never
/// name one person.
/// </summary>
public static partial class LoginName
{
    public const int MinLength = 2;
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a login name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a login name is required";
        }

        if (name.Length is < MinLength or > MaxLength)
        {
            return $"the login name must be {MinLength} to {MaxLength} characters (it is {name.Length})";
        }

        return Pattern().IsMatch(name) ? null : $"the login name '{Printable(name)}' may hold only lower-case letters, digits, '.', '_' and '-'";
    }

    /// <summary>The name, or a <see cref="FormatException"/> saying why it is not one.</summary>
    public static string Validate(string? name) => Problem(name) is { } problem ? throw new FormatException(problem) : name!;

    /// <summary>The name with anything that is not plain printable ASCII shown as '?', for messages.</summary>
    public static string Printable(string name) => new(name.Take(MaxLength + 8).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    [GeneratedRegex("^[a-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
