using EdgeAlpr.Core.Plates;

namespace EdgeAlpr.Core.Search;

/// <summary>
/// What a search of local reads looks for: one plate exactly, or a partial plate where
/// <c>*</c> stands for any run of characters and <c>?</c> for one, within a time window.
/// A pattern must keep enough known characters to name a vehicle, not sweep the store.
/// </summary>
public sealed record PlateSearch
{
    public const int MinKnownCharacters = 2;
    public const int MaxPatternLength = 16;

    private PlateSearch(string pattern, bool partial, DateTimeOffset? from, DateTimeOffset? to)
    {
        Pattern = pattern;
        Partial = partial;
        From = from;
        To = to;
    }

    /// <summary>The plate or pattern in canonical form (upper case, no separators).</summary>
    public string Pattern { get; }

    public bool Partial { get; }

    public DateTimeOffset? From { get; }

    public DateTimeOffset? To { get; }

    /// <summary>Exactly one of <paramref name="plate"/> and <paramref name="partial"/>; <see cref="FormatException"/> says what is wrong.</summary>
    public static PlateSearch Create(string? plate, string? partial, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (string.IsNullOrWhiteSpace(plate) == string.IsNullOrWhiteSpace(partial))
        {
            throw new FormatException("give either --plate PLATE or --partial PATTERN (e.g. AB*12), not both and not neither");
        }

        if (from is { } f && to is { } t && t < f)
        {
            throw new FormatException($"--to ({t:u}) is before --from ({f:u})");
        }

        bool isPartial = !string.IsNullOrWhiteSpace(partial);
        string text = (isPartial ? partial : plate)!.Trim();
        string pattern = PlateText.Normalize(text);
        if (pattern.Length == 0 || pattern.Length > MaxPatternLength)
        {
            throw new FormatException($"'{text}' is not a plate: 1 to {MaxPatternLength} letters and digits");
        }

        foreach (char c in pattern)
        {
            bool wildcard = c is '*' or '?';
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && !(wildcard && isPartial))
            {
                throw new FormatException(
                    wildcard
                        ? $"'{text}' has wildcards: use --partial for a partial plate"
                        : $"'{text}' has '{c}', which is not in any plate: letters, digits{(isPartial ? ", * and ?" : string.Empty)} only"
                );
            }
        }

        if (isPartial && pattern.Count(char.IsAsciiLetterOrDigit) < MinKnownCharacters)
        {
            throw new FormatException(
                $"'{text}' names fewer than {MinKnownCharacters} characters of the plate: a search must be about a vehicle, not the whole store"
            );
        }

        return new PlateSearch(pattern, isPartial, from, to);
    }

    public bool InWindow(DateTimeOffset at) => (From is null || at >= From) && (To is null || at <= To);

    /// <summary>Whether a plate (canonical form) is the one searched for.</summary>
    public bool Matches(ReadOnlySpan<char> plate) => Partial ? Glob(Pattern, plate) : plate.SequenceEqual(Pattern);

    // The classic greedy wildcard match with one backtrack point: linear in practice, never exponential.
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0,
            t = 0,
            star = -1,
            resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
