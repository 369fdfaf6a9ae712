using Google.Protobuf;

namespace EdgeAlpr.Models.Onnx;

/// <summary>
/// A protobuf message read one level deep: its fields in wire order, each with the exact bytes it
/// took. Nested messages are parsed only when asked for, and <see cref="ToByteArray"/> writes the
/// fields back as they were, so reading and writing an untouched message gives the same bytes.
/// </summary>
public sealed class ProtoMessage
{
    public ProtoMessage(IEnumerable<ProtoField> fields)
    {
        Fields = fields.ToList();
    }

    public List<ProtoField> Fields { get; }

    /// <exception cref="OnnxFormatException">The bytes are not a well-formed protobuf message (truncated, bad tag or wire type).</exception>
    public static ProtoMessage Parse(ReadOnlyMemory<byte> bytes)
    {
        // CodedInputStream reads from an array; its Position is then an offset into that array, which
        // is what lets each field keep a slice of the original bytes rather than a re-encoding.
        byte[] buffer = bytes.ToArray();
        var input = new CodedInputStream(buffer);
        var fields = new List<ProtoField>();
        try
        {
            while (true)
            {
                int start = (int)input.Position;
                uint tag = input.ReadTag();
                if (tag == 0)
                {
                    break;
                }

                int number = WireFormat.GetTagFieldNumber(tag);
                WireFormat.WireType type = WireFormat.GetTagWireType(tag);
                ulong varint = 0;
                int length = 0;
                switch (type)
                {
                    case WireFormat.WireType.Varint:
                        varint = input.ReadUInt64();
                        break;
                    case WireFormat.WireType.LengthDelimited:
                        length = input.ReadBytes().Length;
                        break;
                    case WireFormat.WireType.Fixed32:
                        varint = input.ReadFixed32();
                        break;
                    case WireFormat.WireType.Fixed64:
                        varint = input.ReadFixed64();
                        break;
                    default:
                        // Groups are deprecated and never in ONNX; refusing them keeps the slices simple.
                        throw new OnnxFormatException($"field {number} at byte {start} has wire type {type}, which ONNX does not use");
                }

                int end = (int)input.Position;
                fields.Add(new ProtoField(number, type, buffer.AsMemory(start, end - start), varint, length));
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OnnxFormatException($"not a well-formed protobuf message ({bytes.Length} bytes): {ex.Message}", ex);
        }

        return new ProtoMessage(fields);
    }

    public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

    public ProtoField? First(int number)
    {
        foreach (ProtoField f in Fields)
        {
            if (f.Number == number)
            {
                return f;
            }
        }

        return null;
    }

    public string StringOrEmpty(int number) => First(number) is { } f ? f.AsString : "";

    public IEnumerable<string> Strings(int number) => All(number).Select(f => f.AsString);

    /// <summary>A repeated int64 field, packed or not (writers differ; both are valid protobuf).</summary>
    public List<long> Int64s(int number)
    {
        var values = new List<long>();
        foreach (ProtoField f in All(number))
        {
            if (f.WireType == WireFormat.WireType.Varint)
            {
                values.Add((long)f.Varint);
                continue;
            }

            var packed = new CodedInputStream(f.Payload.ToArray());
            try
            {
                while (!packed.IsAtEnd)
                {
                    values.Add(packed.ReadInt64());
                }
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new OnnxFormatException($"field {number} holds a truncated packed list: {ex.Message}", ex);
            }
        }

        return values;
    }

    public byte[] ToByteArray()
    {
        int total = Fields.Sum(f => f.Raw.Length);
        byte[] bytes = new byte[total];
        int at = 0;
        foreach (ProtoField f in Fields)
        {
            f.Raw.Span.CopyTo(bytes.AsSpan(at));
            at += f.Raw.Length;
        }

        return bytes;
    }
}
