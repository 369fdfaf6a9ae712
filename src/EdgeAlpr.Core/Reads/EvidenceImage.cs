using System.Security.Cryptography;

namespace EdgeAlpr.Core.Reads;

/// <summary>
/// An image kept as evidence: its exact encoded bytes, the master copy, never re-encoded,
/// and their SHA-256 taken when it was made.
/// </summary>
public sealed class EvidenceImage
{
    public EvidenceImage(byte[] bytes, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Bytes = bytes;
        MediaType = mediaType;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public byte[] Bytes { get; }

    public string MediaType { get; }

    public string Sha256 { get; }
}
