using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// A snapshot's entries as bytes, so a unit restarts from its own copy without parsing the list
/// again: the columns as they are in memory, the state and source tables, a caller's stamp (what
/// the copy was made from) and an HMAC-SHA256 of it all under a key the unit holds. A plain hash
/// would not do: the stamp and the entries are computed from public data, so whoever can write
/// the folder could rewrite a copy (every expiry in the past, say) and its hash to match. Indexes
/// are not stored; they are rebuilt.
/// </summary>
public static class SnapshotFormat
{
    private static readonly byte[] Magic = "EDGEALPR-HLCACHE/2\n"u8.ToArray();

    // The unauthenticated copies of before: recognised, so they are passed over as old, not as forged.
    private static readonly byte[] OldMagic = "EDGEALPR-HLCACHE/1\n"u8.ToArray();

    private const int TagLength = HMACSHA256.HashSizeInBytes;

    /// <param name="snapshot">The list to keep.</param>
    /// <param name="stamp">What it was made from; <see cref="TryRead"/> takes the copy only under the same stamp.</param>
    /// <param name="key">The HMAC-SHA256 key (32 bytes) the copy is authenticated with.</param>
    public static byte[] Write(HotListSnapshot snapshot, string stamp, ReadOnlySpan<byte> key)
    {
        var bytes = new MemoryStream();
        Write(snapshot, stamp, key, bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// The copy written to <paramref name="destination"/> as it is made, so keeping a list costs no second image of it in
    /// memory (for a state list, 100 MB more at the moment the list is also being built).
    /// </summary>
    /// <param name="snapshot">The list to keep.</param>
    /// <param name="stamp">What it was made from; <see cref="TryRead"/> takes the copy only under the same stamp.</param>
    /// <param name="key">The HMAC-SHA256 key (32 bytes) the copy is authenticated with.</param>
    /// <param name="destination">Where the copy's bytes go.</param>
    public static void Write(HotListSnapshot snapshot, string stamp, ReadOnlySpan<byte> key, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        RefuseShortKey(key);
        ArgumentNullException.ThrowIfNull(stamp);
        ArgumentNullException.ThrowIfNull(destination);
        SnapshotColumns c = snapshot.Columns;
        var header = new MemoryStream();
        header.Write(Magic);
        WriteString(header, stamp);
        WriteInt64(header, snapshot.Version);
        WriteInt64(header, snapshot.CreatedAt?.ToUnixTimeMilliseconds() ?? long.MinValue);
        WriteInt32(header, c.Slots);
        WriteStrings(header, snapshot.StateTable);
        WriteStrings(header, snapshot.SourceTable);
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        void Put(ReadOnlySpan<byte> part)
        {
            mac.AppendData(part);
            destination.Write(part);
        }

        Put(header.GetBuffer().AsSpan(0, (int)header.Length));
        Put(MemoryMarshal.AsBytes(c.Core.AsSpan()));
        Put(MemoryMarshal.AsBytes(c.Categories.AsSpan()));
        Put(c.Source);
        Put(MemoryMarshal.AsBytes(c.DetailOffsets.AsSpan()));
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, c.Details.Length);
        Put(length);
        Put(c.Details);
        Span<byte> tag = stackalloc byte[TagLength];
        mac.GetHashAndReset(tag);
        destination.Write(tag);
    }

    /// <summary>
    /// The snapshot the bytes hold, or null (with the reason) when they fail authentication under
    /// <paramref name="key"/>, are of another format, or are stamped other than <paramref name="stamp"/>.
    /// </summary>
    /// <param name="bytes">The copy as read from disk.</param>
    /// <param name="stamp">What the list files and settings in use make; a copy made from others is not taken.</param>
    /// <param name="key">The HMAC-SHA256 key the copy was written with.</param>
    /// <param name="policy">The policy the snapshot is built under.</param>
    /// <param name="equivalence">The OCR-equivalent classes the snapshot is built under.</param>
    /// <param name="editMinLength">Shortest read and entry for missing/extra-character matches.</param>
    /// <param name="now">What expiry is judged against.</param>
    /// <param name="problem">Why the copy is not taken, when it is not.</param>
    /// <param name="forged">
    /// True when the copy is of this format but its tag does not verify: altered, damaged, or
    /// written under another key. Reading it further is not safe, and the caller should say so.
    /// </param>
    public static HotListSnapshot? TryRead(
        ReadOnlySpan<byte> bytes,
        string stamp,
        ReadOnlySpan<byte> key,
        HotListPolicy policy,
        OcrEquivalence equivalence,
        int editMinLength,
        DateTimeOffset now,
        out string? problem,
        out bool forged
    )
    {
        ArgumentNullException.ThrowIfNull(stamp);
        RefuseShortKey(key);
        problem = null;
        forged = false;
        if (bytes.StartsWith(OldMagic))
        {
            problem = "of an older format, not authenticated";
            return null;
        }

        if (!bytes.StartsWith(Magic))
        {
            problem = "not a hot-list copy";
            forged = true;
            return null;
        }

        if (bytes.Length < Magic.Length + TagLength)
        {
            problem = "cut short";
            forged = true;
            return null;
        }

        ReadOnlySpan<byte> body = bytes[..^TagLength];
        Span<byte> tag = stackalloc byte[TagLength];
        HMACSHA256.HashData(key, body, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes[^TagLength..]))
        {
            problem = "its HMAC does not verify under this unit's key (altered, damaged, or written under another store key)";
            forged = true;
            return null;
        }

        try
        {
            int at = Magic.Length;
            if (ReadString(body, ref at) != stamp)
            {
                problem = "made from other list files or settings";
                return null;
            }

            long version = ReadInt64(body, ref at);
            long created = ReadInt64(body, ref at);
            int slots = ReadInt32(body, ref at);
            // Every count is checked against the bytes left before anything is sized by it: a
            // copy whose hash was made to match must not get a huge or negative array out of us.
            if (slots < 0 || slots > (body.Length - at) / (Marshal.SizeOf<EntryCore>() + 2 + 1 + 4))
            {
                problem = $"malformed (declares {slots} entries in {body.Length} bytes)";
                return null;
            }

            string[] states = ReadStrings(body, ref at);
            string[] sources = ReadStrings(body, ref at);
            EntryCore[] core = MemoryMarshal.Cast<byte, EntryCore>(Take(body, ref at, slots * Marshal.SizeOf<EntryCore>())).ToArray();
            ushort[] categories = MemoryMarshal.Cast<byte, ushort>(Take(body, ref at, slots * 2)).ToArray();
            byte[] source = Take(body, ref at, slots).ToArray();
            int[] offsets = MemoryMarshal.Cast<byte, int>(Take(body, ref at, (slots + 1) * 4)).ToArray();
            byte[] details = Take(body, ref at, ReadInt32(body, ref at)).ToArray();
            if (at != body.Length || states.Length == 0 || states[0].Length != 0)
            {
                problem = "malformed";
                return null;
            }

            return HotListSnapshotBuilder
                .FromColumns(policy, equivalence, editMinLength, core, categories, source, offsets, details, states, sources)
                .WithVersion(version, created == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(created))
                .Build(now);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            problem = $"malformed ({ex.Message})";
            return null;
        }
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> body, ref int at, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ReadOnlySpan<byte> part = body.Slice(at, length);
        at += length;
        return part;
    }

    private static int ReadInt32(ReadOnlySpan<byte> body, ref int at) => BinaryPrimitives.ReadInt32LittleEndian(Take(body, ref at, 4));

    private static long ReadInt64(ReadOnlySpan<byte> body, ref int at) => BinaryPrimitives.ReadInt64LittleEndian(Take(body, ref at, 8));

    private static string ReadString(ReadOnlySpan<byte> body, ref int at) => Encoding.UTF8.GetString(Take(body, ref at, ReadInt32(body, ref at)));

    private static string[] ReadStrings(ReadOnlySpan<byte> body, ref int at)
    {
        int count = ReadInt32(body, ref at);
        if (count < 0 || count > (body.Length - at) / 4)
        {
            throw new ArgumentException($"declares {count} strings in {body.Length - at} bytes");
        }

        var strings = new string[count];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = ReadString(body, ref at);
        }

        return strings;
    }

    private static void WriteInt32(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteInt64(Stream s, long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteString(Stream s, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        WriteInt32(s, utf8.Length);
        s.Write(utf8);
    }

    private static void WriteStrings(Stream s, IReadOnlyList<string> values)
    {
        WriteInt32(s, values.Count);
        foreach (string v in values)
        {
            WriteString(s, v);
        }
    }

    private static void RefuseShortKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException($"the copy's key must be at least 32 bytes, not {key.Length}", nameof(key));
        }
    }
}
