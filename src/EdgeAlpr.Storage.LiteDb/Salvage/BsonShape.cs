using System.Buffers.Binary;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// Checks that bytes are one well-formed BSON document of the types LiteDB writes, without building it and without
/// recursion. LiteDB's reader recurses once per nested document: damaged bytes that nest deep enough would overflow
/// the stack, which no catch survives, so every salvaged document passes here first.
/// </summary>
internal static class BsonShape
{
    /// <summary>Far deeper than anything the store writes; shallow enough that LiteDB's recursion is safe.</summary>
    public const int MaxDepth = 100;

    /// <summary>A document's length, then its terminating zero: the least a document can be.</summary>
    public const int EmptyDocumentLength = 5;

    /// <summary>Null when <paramref name="bytes"/> are exactly one document LiteDB can read; else what is wrong.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < EmptyDocumentLength || BinaryPrimitives.ReadInt32LittleEndian(bytes) != bytes.Length)
        {
            return "the document's length does not match its bytes";
        }

        // The end of each open document or array, innermost last; each must end with its zero byte.
        var ends = new Stack<int>();
        ends.Push(bytes.Length);
        int at = 4;
        while (ends.Count > 0)
        {
            int end = ends.Peek();
            if (at == end - 1)
            {
                if (bytes[at] != 0)
                {
                    return $"a document does not end with a zero byte (at {at})";
                }

                ends.Pop();
                at++;
                continue;
            }

            if (at >= end - 1)
            {
                return $"an element runs past its document's end (at {at})";
            }

            byte type = bytes[at++];
            int nameEnd = bytes[at..(end - 1)].IndexOf((byte)0);
            if (nameEnd < 0)
            {
                return $"an element name has no end (at {at})";
            }

            at += nameEnd + 1;
            string? problem = Value(bytes, type, ref at, end - 1, ends);
            if (problem is not null)
            {
                return problem;
            }
        }

        return at == bytes.Length ? null : "bytes follow the document";
    }

    /// <summary>Steps over one value of <paramref name="type"/>, or opens a nested document; <paramref name="limit"/> is where the parent's zero byte is.</summary>
    private static string? Value(ReadOnlySpan<byte> bytes, byte type, ref int at, int limit, Stack<int> ends)
    {
        long size = type switch
        {
            0x0A or 0x7F or 0xFF => 0, // null, max, min
            0x08 => 1, // boolean
            0x10 => 4, // int32
            0x01 or 0x09 or 0x12 => 8, // double, date, int64
            0x07 => 12, // object id
            0x13 => 16, // decimal
            0x02 or 0x03 or 0x04 or 0x05 => -1, // sized: read below
            _ => -2,
        };
        if (size == -2)
        {
            return $"unknown BSON type 0x{type:X2} (at {at - 1})";
        }

        if (size == -1)
        {
            if (at + 4 > limit)
            {
                return $"a length runs past its document's end (at {at})";
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            string? problem = type switch
            {
                0x02 when length < 1 || at + 4L + length > limit || bytes[at + 4 + length - 1] != 0 => "a string's length is wrong",
                0x05 when length < 0 || at + 5L + length > limit => "a binary's length is wrong",
                0x05 when bytes[at + 4] is not (0x00 or 0x04) || (bytes[at + 4] == 0x04 && length != 16) =>
                    "a binary of a kind LiteDB does not write",
                0x03 or 0x04 when length < EmptyDocumentLength || at + (long)length > limit => "a nested document's length is wrong",
                0x03 or 0x04 when ends.Count >= MaxDepth => $"documents nested deeper than {MaxDepth}",
                _ => null,
            };
            if (problem is not null)
            {
                return $"{problem} (at {at})";
            }

            if (type is 0x03 or 0x04)
            {
                ends.Push(at + length);
                at += 4;
                return null;
            }

            size = 4L + length + (type == 0x05 ? 1 : 0);
        }

        if (at + size > limit)
        {
            return $"a value runs past its document's end (at {at})";
        }

        at += (int)size;
        return null;
    }
}
