using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage;

/// <summary>Which of the store's page files a header belongs to; part of every page's associated data.</summary>
internal enum SealedFileKind : byte
{
    Data = 1,
    Log = 2,
}

/// <summary>
/// The first 4 KiB of a sealed page file: magic and version, the file's kind, the logical page
/// size, the file's random id (which its page key is derived from), a key check and a checksum.
/// The checksum tells a damaged header from a wrong key: a header whose checksum holds but whose
/// key check fails was sealed with another key.
/// </summary>
internal sealed class SealedFileHeader
{
    public const int Size = 4096;
    public const int PageSize = 8192;
    public const int IdLength = 16;

    /// <summary>"EDGEALPR" and "PG": the file is a sealed page file; the two bytes after are the version.</summary>
    internal static ReadOnlySpan<byte> Magic => "EDGEALPRPG"u8;

    private const ushort Version = 1;
    private const int KindOffset = 12;
    private const int PageSizeOffset = 16;
    private const int IdOffset = 20;
    private const int CheckOffset = IdOffset + IdLength;
    private const int ChecksumOffset = CheckOffset + 32;
    private const int Used = ChecksumOffset + 32;

    public SealedFileHeader(SealedFileKind kind, byte[] fileId)
    {
        Kind = kind;
        FileId = fileId;
    }

    public SealedFileKind Kind { get; }

    public byte[] FileId { get; }

    /// <summary>True when the bytes start with the sealed file magic (whatever else is wrong with them).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= Magic.Length && bytes[..Magic.Length].SequenceEqual(Magic);

    public static SealedFileHeader New(SealedFileKind kind) => new(kind, RandomNumberGenerator.GetBytes(IdLength));

    public byte[] ToBytes(StoreKeys keys)
    {
        byte[] bytes = new byte[Size];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Magic.Length), Version);
        bytes[KindOffset] = (byte)Kind;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PageSizeOffset), PageSize);
        FileId.CopyTo(bytes, IdOffset);
        HMACSHA256.HashData(keys.KeyCheckKey, FileId, bytes.AsSpan(CheckOffset, 32));
        SHA256.HashData(bytes.AsSpan(0, ChecksumOffset), bytes.AsSpan(ChecksumOffset, 32));
        return bytes;
    }

    /// <summary>
    /// Reads and checks a header: <see cref="StoreDamagedException"/> when it is damaged or not a
    /// sealed file, <see cref="StoreKeyException"/> when it is intact but made with another key.
    /// </summary>
    public static SealedFileHeader Parse(ReadOnlySpan<byte> bytes, SealedFileKind expected, StoreKeys keys, string path)
    {
        if (bytes.Length < Used || !HasMagic(bytes))
        {
            throw new StoreDamagedException(path, -1, "the file header is missing or not a sealed store file");
        }

        Span<byte> checksum = stackalloc byte[32];
        SHA256.HashData(bytes[..ChecksumOffset], checksum);
        if (!CryptographicOperations.FixedTimeEquals(checksum, bytes.Slice(ChecksumOffset, 32)))
        {
            throw new StoreDamagedException(path, -1, "the file header is damaged (its checksum does not match)");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[Magic.Length..]);
        if (version != Version)
        {
            throw new StoreException($"{path} is sealed in format version {version}, which this edge-alpr does not read; upgrade the agent");
        }

        if (bytes[KindOffset] != (byte)expected || BinaryPrimitives.ReadInt32LittleEndian(bytes[PageSizeOffset..]) != PageSize)
        {
            throw new StoreDamagedException(path, -1, $"the file header names another kind of file ({bytes[KindOffset]}) or page size");
        }

        byte[] id = bytes.Slice(IdOffset, IdLength).ToArray();
        Span<byte> check = stackalloc byte[32];
        HMACSHA256.HashData(keys.KeyCheckKey, id, check);
        return CryptographicOperations.FixedTimeEquals(check, bytes.Slice(CheckOffset, 32))
            ? new SealedFileHeader(expected, id)
            : throw new StoreKeyException($"the key does not open {path} (its header is intact, so it was sealed with another key)");
    }
}
