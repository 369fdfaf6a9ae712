namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// A plate packed into one <see cref="ulong"/>: six bits per character, first character in the
/// lowest bits, length in the top four. Lookups compare, hash, mask and delete characters with
/// integer operations, so matching a read allocates nothing, and 2 million plates cost 16 MB.
/// </summary>
/// <remarks>Codes: 0 = no character, '0'–'9' = 1–10, 'A'–'Z' = 11–36, '*' (unknown) = 37.</remarks>
public static class PlateKey
{
    /// <summary>The longest plate a key holds; no issuing authority's plates come close.</summary>
    public const int MaxLength = 10;

    public const int WildcardCode = 37;

    public const int CodeCount = 38;

    private const int Bits = 6;
    private const ulong CharMask = 0x3F;
    private const ulong PayloadMask = (1UL << 60) - 1;

    public static int Length(ulong key) => (int)(key >> 60);

    public static int CodeAt(ulong key, int index) => (int)((key >> (Bits * index)) & CharMask);

    public static int Code(char c) =>
        c switch
        {
            >= '0' and <= '9' => c - '0' + 1,
            >= 'A' and <= 'Z' => c - 'A' + 11,
            '*' => WildcardCode,
            _ => 0,
        };

    public static char Char(int code) =>
        code switch
        {
            >= 1 and <= 10 => (char)('0' + code - 1),
            >= 11 and <= 36 => (char)('A' + code - 11),
            WildcardCode => '*',
            _ => '?',
        };

    /// <summary>
    /// Packs a normalised plate (<see cref="Plates.PlateText.Normalize"/>). False for an empty
    /// text, one longer than <see cref="MaxLength"/>, or one with a character other than A–Z,
    /// 0–9 and (when allowed) '*'.
    /// </summary>
    public static bool TryPack(ReadOnlySpan<char> plate, bool allowWildcard, out ulong key)
    {
        key = 0;
        if (plate.IsEmpty || plate.Length > MaxLength)
        {
            return false;
        }

        for (int i = 0; i < plate.Length; i++)
        {
            int code = Code(plate[i]);
            if (code == 0 || (code == WildcardCode && !allowWildcard))
            {
                key = 0;
                return false;
            }

            key |= (ulong)code << (Bits * i);
        }

        key |= (ulong)plate.Length << 60;
        return true;
    }

    /// <summary>
    /// True when <paramref name="key"/> is what <see cref="TryPack"/> makes of some plate: a
    /// length of 1 to <see cref="MaxLength"/>, a known code at each position and nothing after,
    /// and a '*' exactly when <paramref name="wildcard"/> says so. For keys read back from disk.
    /// </summary>
    public static bool IsWellFormed(ulong key, bool wildcard)
    {
        int length = Length(key);
        if (length is 0 or > MaxLength || (key & PayloadMask) >> (Bits * length) != 0)
        {
            return false;
        }

        bool any = false;
        for (int i = 0; i < length; i++)
        {
            int code = CodeAt(key, i);
            if (code is 0 or > WildcardCode)
            {
                return false;
            }

            any |= code == WildcardCode;
        }

        return any == wildcard;
    }

    public static string ToText(ulong key)
    {
        int length = Length(key);
        return string.Create(length, key, static (span, k) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Char(CodeAt(k, i));
            }
        });
    }

    /// <summary>The key with the character at <paramref name="index"/> removed.</summary>
    public static ulong DeleteAt(ulong key, int index)
    {
        int length = Length(key);
        ulong payload = key & PayloadMask;
        ulong low = payload & ((1UL << (Bits * index)) - 1);
        ulong high = (payload >> (Bits * (index + 1))) << (Bits * index);
        return low | high | ((ulong)(length - 1) << 60);
    }

    /// <summary>True when deleting one character of <paramref name="longer"/> gives <paramref name="shorter"/>.</summary>
    public static bool IsOneDeletion(ulong longer, ulong shorter)
    {
        int length = Length(longer);
        if (length != Length(shorter) + 1)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (DeleteAt(longer, i) == shorter)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces every character code through <paramref name="map"/> (indexed by code).</summary>
    public static ulong Map(ulong key, ReadOnlySpan<byte> map)
    {
        int length = Length(key);
        ulong mapped = (ulong)length << 60;
        for (int i = 0; i < length; i++)
        {
            mapped |= (ulong)map[CodeAt(key, i)] << (Bits * i);
        }

        return mapped;
    }

    /// <summary>The mask that keeps every known character of a wildcard key and the length.</summary>
    public static ulong KnownMask(ulong key)
    {
        int length = Length(key);
        ulong mask = 0xFUL << 60;
        for (int i = 0; i < length; i++)
        {
            if (CodeAt(key, i) != WildcardCode)
            {
                mask |= CharMask << (Bits * i);
            }
        }

        return mask;
    }

    public static int CountCode(ulong key, int code)
    {
        int count = 0;
        for (int i = Length(key) - 1; i >= 0; i--)
        {
            count += CodeAt(key, i) == code ? 1 : 0;
        }

        return count;
    }

    /// <summary>Positions where two keys of the same length hold different characters.</summary>
    public static int Differences(ulong a, ulong b)
    {
        int count = 0;
        for (int i = Math.Min(Length(a), Length(b)) - 1; i >= 0; i--)
        {
            count += CodeAt(a, i) != CodeAt(b, i) ? 1 : 0;
        }

        return count;
    }

    /// <summary>A well-mixed 64-bit hash of a key (the MurmurHash3 finaliser).</summary>
    public static ulong Hash(ulong key)
    {
        key ^= key >> 33;
        key *= 0xFF51AFD7ED558CCDUL;
        key ^= key >> 33;
        key *= 0xC4CEB9FE1A85EC53UL;
        key ^= key >> 33;
        return key;
    }

    /// <summary>The bucket of a key in a table of 2^<paramref name="bits"/>: the hash's top bits.</summary>
    public static int Bucket(ulong key, int bits) => bits == 0 ? 0 : (int)(Hash(key) >> (64 - bits));

    /// <summary>Eight bits of the hash that <see cref="Bucket"/> does not use (for tables under 2^56 buckets).</summary>
    public static byte Fingerprint(ulong key) => (byte)Hash(key);
}
