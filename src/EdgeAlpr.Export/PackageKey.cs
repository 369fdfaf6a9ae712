using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EdgeAlpr.Export;

/// <summary>
/// The 256-bit key a package is sealed with: derived from a passphrase with PBKDF2-HMAC-SHA256
/// (<see cref="Iterations"/> rounds, a fresh salt per package), or random and handed out once
/// as text for delivery apart from the package.
/// </summary>
public sealed class PackageKey : IDisposable
{
    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256 (2023); about a second on a Raspberry Pi 4.</summary>
    public const int Iterations = 600_000;

    /// <summary>Fewer rounds than this in a package's header is not something this agent wrote.</summary>
    public const int MinIterations = 100_000;

    /// <summary>More rounds than this would only make opening a forged package hang.</summary>
    public const int MaxIterations = 10_000_000;

    public const int MinPassphraseLength = 12;
    public const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private static readonly byte[] CheckLabel = Encoding.ASCII.GetBytes("edge-alpr export key check/1");

    private readonly byte[] _key;

    private PackageKey(byte[] key, string kind)
    {
        _key = key;
        Kind = kind;
    }

    /// <summary><c>passphrase</c> or <c>random</c>: recorded with the dissemination, never the key itself.</summary>
    public string Kind { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    public static PackageKey FromPassphrase(string passphrase, ReadOnlySpan<byte> salt, int iterations = Iterations)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (passphrase.Trim().Length < MinPassphraseLength)
        {
            throw new ExportPackageException($"the passphrase must be at least {MinPassphraseLength} characters");
        }

        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new ExportPackageException($"{iterations} PBKDF2 rounds is outside {MinIterations}–{MaxIterations}");
        }

        return new PackageKey(Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, KeyBytes), "passphrase");
    }

    public static PackageKey Random() => new(RandomNumberGenerator.GetBytes(KeyBytes), "random");

    /// <summary>A random key as printed by <see cref="ToText"/>; <see cref="ExportPackageException"/> when it is not one.</summary>
    public static PackageKey FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] key;
        try
        {
            key = Base64Url.DecodeFromChars(text.Trim());
        }
        catch (FormatException)
        {
            throw new ExportPackageException("the key is not a package key (43 characters of base64url, as printed by 'edge-alpr export')")
            {
                WrongKey = true,
            };
        }

        return key.Length == KeyBytes
            ? new PackageKey(key, "random")
            : throw new ExportPackageException("the key is not a package key (it must be 32 bytes)") { WrongKey = true };
    }

    /// <summary>The key as text (base64url, 43 characters), to print once and deliver apart from the package.</summary>
    public string ToText() => Base64Url.EncodeToString(_key);

    /// <summary>A short value the header carries so a wrong key is told apart from an altered package.</summary>
    internal byte[] Check() => HMACSHA256.HashData(_key, CheckLabel)[..16];

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
