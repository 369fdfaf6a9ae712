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
        Span<char> buffer = plate.Length <= 64 ? stackalloc char[plate.Length] : new char[plate.Length];
        int n = 0;
        foreach (char c in plate)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '.' or '·' or '_')
            {
                continue;
            }

            buffer[n++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..n]);
    }
}
