using System.Globalization;

namespace EdgeAlpr.Passwords;

/// <summary>
/// The PHC string format of an Argon2id hash, as the reference implementation writes it:
/// <c>$argon2id$v=19$m=65536,t=3,p=2$SALT$HASH</c>, salt and hash in base64 without padding.
/// </summary>
internal sealed record PhcString(Argon2Parameters Parameters, byte[] Salt, byte[] Hash)
{
    public const string Algorithm = "argon2id";
    public const int Version = 19;

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"${Algorithm}$v={Version}$m={Parameters.MemoryKiB},t={Parameters.Iterations},p={Parameters.Parallelism}${Encode(Salt)}${Encode(Hash)}"
        );

    /// <summary>The parts of <paramref name="text"/>; a <see cref="FormatException"/> saying what is wrong, never quoting it.</summary>
    public static PhcString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('$');
        if (text.Length > 512 || parts.Length != 6 || parts[0].Length != 0)
        {
            throw new FormatException("the password hash is not a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)");
        }

        if (parts[1] != Algorithm)
        {
            throw new FormatException($"the password hash is not {Algorithm}");
        }

        if (parts[2] != $"v={Version}")
        {
            throw new FormatException($"the password hash is not Argon2 version {Version}");
        }

        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string pair in parts[3].Split(','))
        {
            string[] kv = pair.Split('=');
            if (
                kv.Length != 2
                || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                || !values.TryAdd(kv[0], value)
            )
            {
                throw new FormatException("the password hash's parameters are not m=…,t=…,p=…");
            }
        }

        if (values.Count != 3 || !values.TryGetValue("m", out int m) || !values.TryGetValue("t", out int t) || !values.TryGetValue("p", out int p))
        {
            throw new FormatException("the password hash's parameters are not m=…,t=…,p=…");
        }

        var parameters = new Argon2Parameters(m, t, p);
        if (parameters.Problem() is { } problem)
        {
            throw new FormatException($"the password hash's parameters are out of bounds: {problem}");
        }

        byte[] salt = Decode(parts[4], "salt");
        byte[] hash = Decode(parts[5], "hash");
        if (salt.Length is < 8 or > 64 || hash.Length is < 16 or > 64)
        {
            throw new FormatException("the password hash's salt (8 to 64 bytes) or hash (16 to 64 bytes) has the wrong length");
        }

        return new PhcString(parameters, salt, hash);
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text, string what)
    {
        string padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new FormatException($"the password hash's {what} is not base64");
        }
    }
}
