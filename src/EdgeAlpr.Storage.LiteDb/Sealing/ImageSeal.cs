using System.Security.Cryptography;

namespace EdgeAlpr.Storage;

/// <summary>
/// How an image file is kept: <c>"EDGEALPRIM"</c> and a version, a random 96-bit nonce, the image's
/// exact bytes encrypted with AES-256-GCM, and the tag. The file is named by an HMAC-SHA256 of the
/// image's SHA-256 (so a name reveals nothing a hash look-up could match), and that name is the
/// associated data, so an image renamed to another's name does not open. The SHA-256 of the
/// original bytes stays in the read's record and is checked whenever the image is read.
/// </summary>
internal sealed class ImageSeal(StoreKeys keys)
{
    public const int Overhead = HeaderSize + TagSize;

    /// <summary>True when the file starts as every sealed image does (a write of one cut short still does).</summary>
    public static bool StartsLikeImage(ReadOnlySpan<byte> file) => file.Length >= Magic.Length && file[..Magic.Length].SequenceEqual(Magic);

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 12 + NonceSize;

    private static ReadOnlySpan<byte> Magic => "EDGEALPRIM\u0001\u0000"u8;

    /// <summary>The file name of the image whose SHA-256 is <paramref name="sha256"/> (64 hex digits).</summary>
    public string NameOf(string sha256)
    {
        Span<byte> hash = stackalloc byte[32];
        Convert.FromHexString(sha256, hash, out _, out _);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(keys.ImageNameKey, hash, mac);
        return Convert.ToHexStringLower(mac);
    }

    public byte[] Seal(string name, ReadOnlySpan<byte> image)
    {
        byte[] file = new byte[image.Length + Overhead];
        Magic.CopyTo(file);
        Span<byte> nonce = file.AsSpan(12, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.ImageKey, TagSize);
        aes.Encrypt(nonce, image, file.AsSpan(HeaderSize, image.Length), file.AsSpan(HeaderSize + image.Length, TagSize), AssociatedData(name));
        return file;
    }

    /// <summary>The image's bytes, or null (with why) when the file does not open under its name.</summary>
    public byte[]? TryOpen(string name, ReadOnlySpan<byte> file, out string? problem)
    {
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
        {
            problem = file.Length == 0 ? "the file is empty" : "the file is not a sealed image";
            return null;
        }

        if (file.Length < Overhead)
        {
            problem = "the file is cut short";
            return null;
        }

        byte[] image = new byte[file.Length - Overhead];
        try
        {
            using var aes = new AesGcm(keys.ImageKey, TagSize);
            aes.Decrypt(file.Slice(12, NonceSize), file.Slice(HeaderSize, image.Length), file[^TagSize..], image, AssociatedData(name));
            problem = null;
            return image;
        }
        catch (AuthenticationTagMismatchException)
        {
            problem = "the file does not authenticate (altered, damaged, renamed, or sealed with another key)";
            return null;
        }
    }

    private static byte[] AssociatedData(string name) => System.Text.Encoding.ASCII.GetBytes(name);
}
