using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>
/// A platform hot-list update as one file: a short text header, a blank line, then the list as
/// CSV. The header is signed (ECDSA P-256 over SHA-256) and carries the payload's SHA-256, so
/// the signature covers kind, audience, version and every byte of the list:
/// <code>
/// EDGEALPR-HOTLIST/1
/// kind: full | delta
/// audience: il-chicago-pd     (the agency, or agency/device-group, the list is for)
/// version: 42
/// base-version: 41            (deltas: the version they apply to)
/// created-at: 2026-11-23T15:00:00Z
/// payload-sha256: 64 hex digits
/// signature: base64 of the DER (or 64-byte raw r‖s) signature of all lines above, each ending in \n
///
/// plate,state,category,...
/// </code>
/// The platform can produce it with <c>openssl dgst -sha256 -sign</c>; see docs/hotlist.md.
/// </summary>
public sealed class SignedUpdate
{
    public const string Magic = "EDGEALPR-HOTLIST/1";

    private const int MaxHeaderBytes = IncomingUpdate.HeadBytes;

    private static readonly System.Buffers.SearchValues<byte> PrintableAsciiAndNewline = System.Buffers.SearchValues.Create([
        (byte)'\n',
        .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b),
    ]);

    private SignedUpdate(
        UpdateKind kind,
        string audience,
        long version,
        long? baseVersion,
        DateTimeOffset createdAt,
        string payloadSha256,
        byte[] signature,
        ReadOnlyMemory<byte> signedHeader,
        ReadOnlyMemory<byte> payload
    )
    {
        Kind = kind;
        Audience = audience;
        Version = version;
        BaseVersion = baseVersion;
        CreatedAt = createdAt;
        PayloadSha256 = payloadSha256;
        Signature = signature;
        SignedHeader = signedHeader;
        Payload = payload;
    }

    public UpdateKind Kind { get; }

    /// <summary>Whom the update is for: <c>agency</c> or <c>agency/device-group</c> (<see cref="UpdateAudience"/>).</summary>
    public string Audience { get; }

    public long Version { get; }

    public long? BaseVersion { get; }

    public DateTimeOffset CreatedAt { get; }

    public string PayloadSha256 { get; }

    public byte[] Signature { get; }

    public ReadOnlyMemory<byte> SignedHeader { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>True when the bytes start like a signed update (as opposed to a plain list file).</summary>
    public static bool LooksSigned(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Encoding.ASCII.GetBytes(Magic));

    /// <summary>Parses the header; throws <see cref="HotListImportException"/> naming what is malformed.</summary>
    public static SignedUpdate Parse(ReadOnlyMemory<byte> bytes)
    {
        ReadOnlySpan<byte> span = bytes.Span;
        if (!LooksSigned(span))
        {
            throw new HotListImportException($"not a signed hot-list update: it does not start with '{Magic}'", code: HotListRefusal.Malformed);
        }

        int end = span[..Math.Min(span.Length, MaxHeaderBytes)].IndexOf("\n\n"u8);
        if (end < 0)
        {
            throw new HotListImportException(
                $"malformed update: no blank line ending the header within {MaxHeaderBytes} bytes",
                code: HotListRefusal.Malformed
            );
        }

        // ASCII only: then a character is a byte, and the signed bytes are found by counting characters.
        ReadOnlySpan<byte> headerBytes = span[..(end + 1)];
        if (headerBytes.IndexOfAnyExcept(PrintableAsciiAndNewline) >= 0)
        {
            throw new HotListImportException("malformed update header: it may hold only printable ASCII lines", code: HotListRefusal.Malformed);
        }

        string header = Encoding.ASCII.GetString(headerBytes);
        if (!header.StartsWith(Magic + "\n", StringComparison.Ordinal))
        {
            throw new HotListImportException($"unsupported update format: the first line must be exactly '{Magic}'", code: HotListRefusal.Malformed);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in header.Split('\n')[1..^1])
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new HotListImportException($"malformed update header line '{line}': expected 'name: value'", code: HotListRefusal.Malformed);
            }

            string name = line[..colon].Trim();
            if (!fields.TryAdd(name, line[(colon + 1)..].Trim()))
            {
                throw new HotListImportException($"malformed update header: '{name}' given twice", code: HotListRefusal.Malformed);
            }
        }

        int signatureStart = header.IndexOf("\nsignature:", StringComparison.Ordinal);
        if (signatureStart < 0 || header.IndexOf('\n', signatureStart + 1) != header.Length - 1)
        {
            throw new HotListImportException("malformed update header: 'signature:' must be its last line", code: HotListRefusal.Malformed);
        }

        UpdateKind kind = Required(fields, "kind") switch
        {
            "full" => UpdateKind.Full,
            "delta" => UpdateKind.Delta,
            string other => throw new HotListImportException(
                $"malformed update header: kind '{other}' is neither full nor delta",
                code: HotListRefusal.Malformed
            ),
        };
        if (!fields.TryGetValue("audience", out string? audience) || audience.Length == 0)
        {
            // Lists signed before the audience existed: the platform re-publishes its retained full list with one.
            throw new HotListImportException(
                "malformed update header: 'audience' is missing (the agency, or agency/device-group, the list is for); "
                    + "a list signed without one is no longer accepted, and the platform must publish it again with one",
                code: HotListRefusal.Malformed
            );
        }

        if (UpdateAudience.Problem(audience) is { } audienceProblem)
        {
            throw new HotListImportException($"malformed update header: audience {audienceProblem}", code: HotListRefusal.Malformed);
        }

        long version = ParseVersion(Required(fields, "version"), "version");
        long? baseVersion = fields.TryGetValue("base-version", out string? b) ? ParseVersion(b, "base-version") : null;
        if (kind == UpdateKind.Delta && baseVersion is null)
        {
            throw new HotListImportException("malformed update header: a delta needs 'base-version'", code: HotListRefusal.Malformed);
        }

        if (
            !DateTimeOffset.TryParse(
                Required(fields, "created-at"),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out DateTimeOffset created
            )
        )
        {
            throw new HotListImportException(
                $"malformed update header: created-at '{fields["created-at"]}' is not an ISO 8601 time",
                code: HotListRefusal.Malformed
            );
        }

        string sha = Required(fields, "payload-sha256").ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(Uri.IsHexDigit))
        {
            throw new HotListImportException("malformed update header: payload-sha256 must be 64 hex digits", code: HotListRefusal.Malformed);
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Required(fields, "signature"));
        }
        catch (FormatException)
        {
            throw new HotListImportException("malformed update header: signature is not base64", code: HotListRefusal.Malformed);
        }

        int signedLength = signatureStart + 1;
        return new SignedUpdate(
            kind,
            audience,
            version,
            baseVersion,
            created.ToUniversalTime(),
            sha,
            signature,
            bytes[..signedLength],
            bytes[(end + 2)..]
        );
    }

    /// <summary>Checks the payload hash, then the signature; throws <see cref="HotListImportException"/> when either fails.</summary>
    public void Verify(ECDsa publicKey)
    {
        VerifyPayload(Convert.ToHexStringLower(SHA256.HashData(Payload.Span)));
        VerifySignature(publicKey);
    }

    /// <summary>Checks the list's SHA-256, computed by the caller (over a list taken a piece at a time), against the header's.</summary>
    public void VerifyPayload(string actualSha256)
    {
        if (actualSha256 != PayloadSha256)
        {
            throw new HotListImportException(
                $"integrity check failed: the list's SHA-256 is {actualSha256}, the header says {PayloadSha256}",
                code: HotListRefusal.Integrity
            );
        }
    }

    /// <summary>Checks the header's signature (which covers the list's SHA-256, not the list itself).</summary>
    public void VerifySignature(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        DSASignatureFormat format =
            Signature.Length == 64 ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
        if (!publicKey.VerifyData(SignedHeader.Span, Signature, HashAlgorithmName.SHA256, format))
        {
            throw new HotListImportException(
                "signature check failed: the update was not signed by the configured platform key (or was altered)",
                code: HotListRefusal.BadSignature
            );
        }
    }

    /// <summary>Writes a signed update (the platform's side; also used by tests and the benchmark).</summary>
    /// <param name="kind">Full list or delta.</param>
    /// <param name="audience">The agency, or agency/device-group, the update is for.</param>
    /// <param name="version">The update's version.</param>
    /// <param name="baseVersion">For a delta, the version it applies to.</param>
    /// <param name="createdAt">When it was made.</param>
    /// <param name="payload">The list as CSV.</param>
    /// <param name="privateKey">The platform's ECDSA P-256 key.</param>
    public static byte[] Create(
        UpdateKind kind,
        string audience,
        long version,
        long? baseVersion,
        DateTimeOffset createdAt,
        ReadOnlySpan<byte> payload,
        ECDsa privateKey
    )
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (UpdateAudience.Problem(audience) is { } problem)
        {
            throw new ArgumentException($"audience {problem}", nameof(audience));
        }

        var header = new StringBuilder();
        header.Append(Magic).Append('\n');
        header.Append("kind: ").Append(kind == UpdateKind.Full ? "full" : "delta").Append('\n');
        header.Append("audience: ").Append(audience).Append('\n');
        header.Append("version: ").Append(version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (baseVersion is { } b)
        {
            header.Append("base-version: ").Append(b.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        header.Append("created-at: ").Append(createdAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append('\n');
        header.Append("payload-sha256: ").Append(Convert.ToHexStringLower(SHA256.HashData(payload))).Append('\n');
        byte[] signed = Encoding.UTF8.GetBytes(header.ToString());
        byte[] signature = privateKey.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        byte[] tail = Encoding.UTF8.GetBytes($"signature: {Convert.ToBase64String(signature)}\n\n");
        var file = new byte[signed.Length + tail.Length + payload.Length];
        signed.CopyTo(file, 0);
        tail.CopyTo(file, signed.Length);
        payload.CopyTo(file.AsSpan(signed.Length + tail.Length));
        return file;
    }

    private static string Required(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out string? value) && value.Length > 0
            ? value
            : throw new HotListImportException($"malformed update header: '{name}' is missing", code: HotListRefusal.Malformed);

    private static long ParseVersion(string text, string name) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v > 0
            ? v
            : throw new HotListImportException(
                $"malformed update header: {name} '{text}' is not a positive whole number",
                code: HotListRefusal.Malformed
            );
}
