using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAlpr.Export;

/// <summary>
/// The package's clear-text header: how it is sealed, never what it holds. It is the associated
/// data of every chunk, so changing a byte of it fails the first chunk's tag.
/// </summary>
internal sealed record PackageHeader(
    int Format,
    string Cipher,
    int ChunkBytes,
    string NoncePrefix,
    string Kdf,
    int? Iterations,
    string? Salt,
    string KeyCheck,
    string PackageId,
    DateTimeOffset CreatedAt
)
{
    public const int CurrentFormat = 1;
    public const string Aes256Gcm = "AES-256-GCM";
    public const string Pbkdf2 = "PBKDF2-HMAC-SHA256";
    public const string NoKdf = "none";
    public const int MaxHeaderBytes = 4096;
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>The file's first bytes: a name for the format, with its version.</summary>
    public static ReadOnlySpan<byte> Magic => "EDGEALPR-EVIDENCE/1\n"u8;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Magic, the header's length (4 bytes, little-endian) and the header as JSON: the bytes written and authenticated.</summary>
    public byte[] Encode()
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(this, Json);
        var bytes = new byte[Magic.Length + 4 + json.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length), json.Length);
        json.CopyTo(bytes, Magic.Length + 4);
        return bytes;
    }

    /// <summary>Reads and checks the header; returns it with its raw bytes (the chunks' associated data).</summary>
    public static (PackageHeader Header, byte[] Raw) Read(Stream stream)
    {
        var prefix = new byte[Magic.Length + 4];
        if (
            stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length
            || !prefix.AsSpan(0, Magic.Length).SequenceEqual(Magic)
        )
        {
            throw new ExportPackageException("not an EdgeAlpr evidence package (it does not start with 'EDGEALPR-EVIDENCE/1')");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(Magic.Length));
        if (length is <= 0 or > MaxHeaderBytes)
        {
            throw new ExportPackageException($"the package header claims {length} bytes; a header is at most {MaxHeaderBytes}");
        }

        var raw = new byte[prefix.Length + length];
        prefix.CopyTo(raw, 0);
        if (stream.ReadAtLeast(raw.AsSpan(prefix.Length), length, throwOnEndOfStream: false) < length)
        {
            throw new ExportPackageException("the package ends inside its header: it is truncated");
        }

        PackageHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<PackageHeader>(raw.AsSpan(prefix.Length), Json);
        }
        catch (JsonException ex)
        {
            throw new ExportPackageException($"the package header is not valid: {ex.Message}", ex);
        }

        return header is null ? throw new ExportPackageException("the package header is empty") : (header.Checked(), raw);
    }

    private PackageHeader Checked()
    {
        string? problem = this switch
        {
            { Format: not CurrentFormat } => $"package format {Format} is not one this agent reads (it reads {CurrentFormat}); use a newer edge-alpr",
            { Cipher: not Aes256Gcm } => $"cipher '{Cipher}' is not {Aes256Gcm}",
            { ChunkBytes: < 4096 or > 16 << 20 } => $"chunk size {ChunkBytes} is outside 4 KiB–16 MiB",
            { Kdf: not (Pbkdf2 or NoKdf) } => $"key derivation '{Kdf}' is not {Pbkdf2}",
            { Kdf: Pbkdf2, Iterations: null or < PackageKey.MinIterations or > PackageKey.MaxIterations } =>
                $"{Iterations} PBKDF2 rounds is outside {PackageKey.MinIterations}–{PackageKey.MaxIterations}",
            { Kdf: Pbkdf2, Salt: null } => "the header has no salt",
            _ => null,
        };
        if (
            problem is null
            && (
                Decoded(NoncePrefix).Length != ChunkNonce.PrefixBytes
                || Decoded(KeyCheck).Length != 16
                || (Salt is not null && Decoded(Salt).Length != PackageKey.SaltBytes)
            )
        )
        {
            problem = "the header's nonce, salt or key check has the wrong length";
        }

        return problem is null ? this : throw new ExportPackageException($"the package header is not valid: {problem}");
    }

    public static byte[] Decoded(string? base64)
    {
        try
        {
            return Convert.FromBase64String(base64 ?? string.Empty);
        }
        catch (FormatException ex)
        {
            throw new ExportPackageException("the package header has a field that is not base64", ex);
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(Encode());
}
