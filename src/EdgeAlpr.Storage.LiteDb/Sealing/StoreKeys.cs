using System.Security.Cryptography;
using System.Text;

namespace EdgeAlpr.Storage;

/// <summary>
/// The keys the store uses, each derived from the store key for one purpose with HKDF-SHA256
/// (RFC 5869), so that a key for one purpose reveals nothing about another and the store key
/// itself is never used directly. Page files get a key per file (the file's random id is in the
/// derivation), so two files never share a key and nonces drawn for one cannot collide with the other's.
/// </summary>
internal sealed class StoreKeys
{
    /// <summary>The HKDF salt: fixed, naming the construction, so that a change of construction changes every key.</summary>
    internal static readonly byte[] Salt = Encoding.ASCII.GetBytes("EdgeAlpr store v2");

    private readonly byte[] _prk;

    private StoreKeys(byte[] prk)
    {
        _prk = prk;
        ImageKey = Expand("images");
        ImageNameKey = Expand("image-names");
        ManifestKey = Expand("manifest");
        KeyCheckKey = Expand("key-check");
        HotListCopyKey = Expand("hotlist-copy");
    }

    /// <summary>AES-256-GCM key of the image files.</summary>
    public byte[] ImageKey { get; }

    /// <summary>HMAC-SHA256 key that names image files, so a name does not reveal the image's SHA-256.</summary>
    public byte[] ImageNameKey { get; }

    /// <summary>AES-256-GCM key of the manifest beside the database.</summary>
    public byte[] ManifestKey { get; }

    /// <summary>HMAC-SHA256 key of the check value in each file header, which tells a wrong key from damage.</summary>
    public byte[] KeyCheckKey { get; }

    /// <summary>HMAC-SHA256 key of the hot list's fast-start copy (handed to the hot list by the host: docs/hotlist.md).</summary>
    public byte[] HotListCopyKey { get; }

    public static StoreKeys From(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return FromSecret(Encoding.UTF8.GetBytes(key.Secret));
    }

    /// <summary>From the key's bytes (the UTF-8 of the key text as configured): the documented test vectors start here.</summary>
    public static StoreKeys FromSecret(ReadOnlySpan<byte> secret)
    {
        byte[] prk = new byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, secret, Salt, prk);
        return new StoreKeys(prk);
    }

    /// <summary>The AES-256-GCM key of one page file, bound to the file's random id.</summary>
    public byte[] PageKey(ReadOnlySpan<byte> fileId)
    {
        byte[] info = new byte[6 + fileId.Length];
        Encoding.ASCII.GetBytes("pages/").CopyTo(info, 0);
        fileId.CopyTo(info.AsSpan(6));
        byte[] key = new byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, _prk, key, info);
        return key;
    }

    private byte[] Expand(string purpose)
    {
        byte[] key = new byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, _prk, key, Encoding.ASCII.GetBytes(purpose));
        return key;
    }
}
