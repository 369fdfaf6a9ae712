using System.Buffers.Binary;

namespace EdgeAlpr.Export;

/// <summary>
/// The nonce of chunk <c>i</c> under the STREAM construction: a random prefix fixed per
/// package, the chunk's index, and whether it is the last. A reordered, dropped or appended
/// chunk, or a package cut at a chunk boundary, then fails its tag.
/// </summary>
internal static class ChunkNonce
{
    public const int PrefixBytes = 7;
    public const int TagBytes = 16;

    public static void Write(Span<byte> nonce, ReadOnlySpan<byte> prefix, uint index, bool final)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[PrefixBytes..], index);
        nonce[11] = final ? (byte)1 : (byte)0;
    }
}
