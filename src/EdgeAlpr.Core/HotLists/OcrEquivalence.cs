namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Classes of characters an OCR confuses (0/O/D/Q, 1/I/L, …). Every character of a class maps
/// to the class's first character, so two plates that differ only within classes share one
/// canonical key and are found by one lookup.
/// </summary>
public sealed class OcrEquivalence
{
    public static readonly IReadOnlyList<string> DefaultClasses = ["0ODQ", "1IL", "2Z", "5S", "8B", "6G"];

    private readonly byte[] _map;

    // Indexed by PlateKey code; gives the code of the class's representative.
    private OcrEquivalence(byte[] map) => _map = map;

    public static OcrEquivalence Default { get; } = Create(DefaultClasses);

    public static OcrEquivalence Create(IEnumerable<string> classes)
    {
        var errors = Validate(classes);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(classes));
        }

        var map = new byte[PlateKey.CodeCount];
        for (int code = 0; code < map.Length; code++)
        {
            map[code] = (byte)code;
        }

        foreach (string cls in classes)
        {
            string upper = cls.ToUpperInvariant();
            int representative = PlateKey.Code(upper[0]);
            foreach (char c in upper)
            {
                map[PlateKey.Code(c)] = (byte)representative;
            }
        }

        return new OcrEquivalence(map);
    }

    /// <summary>Every problem with a list of classes, for start-up validation.</summary>
    public static List<string> Validate(IEnumerable<string> classes)
    {
        var errors = new List<string>();
        var seen = new Dictionary<char, string>();
        foreach (string? cls in classes)
        {
            if (string.IsNullOrEmpty(cls) || cls.Length < 2)
            {
                errors.Add($"equivalence class '{cls}' needs at least two characters");
                continue;
            }

            foreach (char raw in cls)
            {
                char c = char.ToUpperInvariant(raw);
                if (PlateKey.Code(c) is 0 or PlateKey.WildcardCode)
                {
                    errors.Add($"equivalence class '{cls}' has '{raw}', which is not a letter A–Z or digit");
                }
                else if (seen.TryGetValue(c, out string? other))
                {
                    errors.Add($"'{c}' is in two equivalence classes ('{other}' and '{cls}'); merge them into one");
                }
                else
                {
                    seen[c] = cls;
                }
            }
        }

        return errors;
    }

    public ulong Canonical(ulong key) => PlateKey.Map(key, _map);
}
