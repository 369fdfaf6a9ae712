namespace EdgeAlpr.Core.Plates;

/// <summary>The canonical form plates are compared in.</summary>
public static class PlateText
{
    /// <summary>
    /// Uppercases and drops the separators people and systems put in plates (spaces, dashes,
    /// dots, middle dots), so "ab-123" and "AB 123" compare equal.
    /// </summary>
    public static string Normalize(string plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        if (IsNormalized(plate))
        {
            return plate;
        }

        Span<char> buffer = plate.Length <= 64 ? stackalloc char[plate.Length] : new char[plate.Length];
        return new string(buffer[..NormalizeInto(plate, buffer)]);
    }

    // Lists arrive normalised almost always; this spares a copy per row on a 2-million-row load.
    private static bool IsNormalized(string plate)
    {
        foreach (char c in plate)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '*'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <see cref="Normalize"/> into a caller's buffer, for hot paths; returns the length written,
    /// or -1 when the buffer is too short.
    /// </summary>
    public static int NormalizeInto(ReadOnlySpan<char> plate, Span<char> buffer)
    {
        int n = 0;
        foreach (char c in plate)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '.' or '·' or '_')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                return -1;
            }

            buffer[n++] = char.ToUpperInvariant(c);
        }

        return n;
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions turning one text into the other.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Span<int> previous = b.Length < 64 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 64 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            current.CopyTo(previous);
        }

        return previous[b.Length];
    }

    /// <summary>1 for equal texts, falling to 0 as they differ: 1 − edit distance ÷ the longer length.</summary>
    public static float Similarity(string a, string b)
    {
        int longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 1f : 1f - ((float)EditDistance(a, b) / longer);
    }
}
