using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EdgeAlpr.Models.Onnx;

/// <summary>An initializer (TensorProto) read for its name, type, shape and values.</summary>
internal sealed class OnnxTensor
{
    private readonly ProtoMessage _proto;

    private OnnxTensor(ProtoField field, ProtoMessage proto)
    {
        Field = field;
        _proto = proto;
        Name = proto.StringOrEmpty(OnnxFields.TensorName);
        DataType = proto.First(OnnxFields.TensorDataType) is { } t ? (int)t.Varint : 0;
        Dims = proto.Int64s(OnnxFields.TensorDims).ToArray();
    }

    public ProtoField Field { get; }

    public string Name { get; }

    public int DataType { get; }

    public long[] Dims { get; }

    public long Count => Dims.Aggregate(1L, (n, d) => n * d);

    public static OnnxTensor Read(ProtoField field) => new(field, field.AsMessage);

    /// <summary>The values of a UINT8 or INT8 tensor as integers.</summary>
    public int[] Integers()
    {
        RefuseExternal();
        if (DataType is not (OnnxFields.UInt8 or OnnxFields.Int8))
        {
            throw new OnnxFormatException($"initializer '{Name}' has data type {DataType}, expected uint8 (2) or int8 (3)");
        }

        int[] values;
        if (_proto.First(OnnxFields.TensorRawData) is { } raw)
        {
            ReadOnlySpan<byte> bytes = raw.Payload.Span;
            values = new int[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                values[i] = DataType == OnnxFields.Int8 ? (sbyte)bytes[i] : bytes[i];
            }
        }
        else
        {
            // Without raw_data, 8-bit values are stored one per int32_data entry (onnx.proto).
            values = _proto.Int64s(OnnxFields.TensorInt32Data).Select(v => DataType == OnnxFields.Int8 ? (int)(sbyte)v : (int)(byte)v).ToArray();
        }

        return CheckCount(values);
    }

    /// <summary>The values of a FLOAT tensor.</summary>
    public float[] Floats()
    {
        RefuseExternal();
        if (DataType != OnnxFields.Float)
        {
            throw new OnnxFormatException($"initializer '{Name}' has data type {DataType}, expected float (1)");
        }

        ReadOnlyMemory<byte> bytes =
            _proto.First(OnnxFields.TensorRawData) is { } raw ? raw.Payload
            : _proto.First(OnnxFields.TensorFloatData) is { } packed ? packed.Payload
            : ReadOnlyMemory<byte>.Empty;
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new OnnxFormatException($"initializer '{Name}' holds {bytes.Length} bytes of float data, not a whole number of floats");
        }

        float[] values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Span[(i * sizeof(float))..]);
        }

        return CheckCount(values);
    }

    /// <summary>The values of an INT64 tensor (a shape, an axis list).</summary>
    public long[] Int64Values()
    {
        RefuseExternal();
        if (DataType != OnnxFields.Int64)
        {
            throw new OnnxFormatException($"initializer '{Name}' has data type {DataType}, expected int64 (7)");
        }

        if (_proto.First(OnnxFields.TensorRawData) is not { } raw)
        {
            return CheckCount(_proto.Int64s(OnnxFields.TensorInt64Data).ToArray());
        }

        ReadOnlySpan<byte> bytes = raw.Payload.Span;
        if (bytes.Length % sizeof(long) != 0)
        {
            throw new OnnxFormatException($"initializer '{Name}' holds {bytes.Length} bytes of int64 data, not a whole number of values");
        }

        long[] values = new long[bytes.Length / sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * sizeof(long))..]);
        }

        return CheckCount(values);
    }

    /// <summary>A FLOAT initializer with its values as little-endian raw data, as ONNX's own writers store weights.</summary>
    public static ProtoField CreateFloat(string name, IReadOnlyList<long> dims, float[] values)
    {
        var fields = new List<ProtoField>();
        fields.AddRange(dims.Select(d => ProtoField.OfInt64(OnnxFields.TensorDims, d)));
        fields.Add(ProtoField.OfInt64(OnnxFields.TensorDataType, OnnxFields.Float));
        fields.Add(ProtoField.OfString(OnnxFields.TensorName, name));
        byte[] raw = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(raw);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        fields.Add(ProtoField.OfBytes(OnnxFields.TensorRawData, raw));
        return ProtoField.OfMessage(OnnxFields.GraphInitializer, new ProtoMessage(fields));
    }

    private T[] CheckCount<T>(T[] values) =>
        values.Length == Count
            ? values
            : throw new OnnxFormatException(
                $"initializer '{Name}' of shape [{string.Join(",", Dims)}] holds {values.Length} values, expected {Count}"
            );

    private void RefuseExternal()
    {
        if (_proto.First(OnnxFields.TensorDataLocation) is { Varint: 1 })
        {
            throw new OnnxFormatException($"initializer '{Name}' keeps its data in an external file, which the rewriter does not read");
        }
    }
}
