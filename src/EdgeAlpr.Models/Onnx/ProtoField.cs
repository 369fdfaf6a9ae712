using Google.Protobuf;

namespace EdgeAlpr.Models.Onnx;

/// <summary>
/// One field of a protobuf message as it was on the wire: its number, wire type and the exact bytes
/// it took (tag included). A field the rewriter does not change is written back from
/// <see cref="Raw"/>, so whatever the ONNX file holds that this code does not know survives unchanged.
/// </summary>
public readonly record struct ProtoField(int Number, WireFormat.WireType WireType, ReadOnlyMemory<byte> Raw, ulong Varint, int PayloadLength)
{
    /// <summary>The bytes of a length-delimited field's value (a string, bytes, packed numbers or a nested message).</summary>
    public ReadOnlyMemory<byte> Payload =>
        WireType == WireFormat.WireType.LengthDelimited
            ? Raw[^PayloadLength..]
            : throw new OnnxFormatException($"field {Number} is not length-delimited (wire type {WireType})");

    public string AsString => System.Text.Encoding.UTF8.GetString(Payload.Span);

    public ProtoMessage AsMessage => ProtoMessage.Parse(Payload);

    /// <summary>A length-delimited field written now (a string, bytes or a nested message).</summary>
    public static ProtoField OfBytes(int number, ReadOnlySpan<byte> payload)
    {
        using var buffer = new MemoryStream(payload.Length + 10);
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteLength(payload.Length);
        output.Flush();
        buffer.Write(payload);
        return new ProtoField(number, WireFormat.WireType.LengthDelimited, buffer.ToArray(), 0, payload.Length);
    }

    public static ProtoField OfString(int number, string value) => OfBytes(number, System.Text.Encoding.UTF8.GetBytes(value));

    public static ProtoField OfMessage(int number, ProtoMessage message) => OfBytes(number, message.ToByteArray());

    /// <summary>A varint field written now (an int32, int64 or enum).</summary>
    public static ProtoField OfInt64(int number, long value)
    {
        using var buffer = new MemoryStream(16);
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        output.WriteTag(number, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        output.Flush();
        return new ProtoField(number, WireFormat.WireType.Varint, buffer.ToArray(), (ulong)value, 0);
    }
}
