using System.Runtime.InteropServices;
using EdgeAlpr.Models.Onnx;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// A tiny dynamically quantised ONNX model written field by field, in the shape ONNX Runtime's
/// <c>quantize_dynamic</c> gives a convolution with bias and SiLU followed by a matrix product:
/// x [1,2,5,5] → DynamicQuantizeLinear → ConvInteger(3×3, pads 1) → Cast → Mul(scales) → Add(Reshape(bias))
/// → SiLU → DynamicQuantizeLinear → MatMulInteger([5,4], per-column scale) → Cast → Mul → z [1,3,5,4].
/// </summary>
internal static class QuantizedModelBuilder
{
    public const int InputLength = 2 * 5 * 5;

    public static readonly long[] InputShape = [1, 2, 5, 5];

    public static byte[] Build(int seed = 7)
    {
        var rng = new Random(seed);
        byte[] convWeights = new byte[3 * 2 * 3 * 3];
        byte[] matWeights = new byte[5 * 4];
        rng.NextBytes(convWeights);
        rng.NextBytes(matWeights);
        float[] bias = [0.25f, -0.5f, 0.125f];
        ProtoField[] graph =
        [
            Node("bias_reshape", "Reshape", ["conv.bias", "conv.bias_shape"], ["bias_r"]),
            Node("x_QuantizeLinear", "DynamicQuantizeLinear", ["x"], ["x_q", "x_scale", "x_zp"]),
            Node("conv_scales_mul", "Mul", ["x_scale", "conv.weight_scale"], ["conv_scales"]),
            Node(
                "conv_quant",
                "ConvInteger",
                ["x_q", "conv.weight_quantized", "x_zp", "conv.weight_zero_point"],
                ["conv_int"],
                Ints("kernel_shape", 3, 3),
                Ints("pads", 1, 1, 1, 1),
                Ints("strides", 1, 1)
            ),
            Node("conv_cast", "Cast", ["conv_int"], ["conv_cast_out"], Int("to", 1)),
            Node("conv_rescale", "Mul", ["conv_cast_out", "conv_scales"], ["conv_scaled"]),
            Node("conv_bias_add", "Add", ["conv_scaled", "bias_r"], ["conv_out"]),
            Node("act_sigmoid", "Sigmoid", ["conv_out"], ["act_sig"]),
            Node("act_mul", "Mul", ["conv_out", "act_sig"], ["act"]),
            Node("act_QuantizeLinear", "DynamicQuantizeLinear", ["act"], ["act_q", "act_scale", "act_zp"]),
            Node("mat_scales_mul", "Mul", ["act_scale", "mat.weight_scale"], ["mat_scales"]),
            Node("mat_quant", "MatMulInteger", ["act_q", "mat.weight_quantized", "act_zp", "mat.weight_zero_point"], ["mat_int"]),
            Node("mat_cast", "Cast", ["mat_int"], ["mat_cast_out"], Int("to", 1)),
            Node("mat_rescale", "Mul", ["mat_cast_out", "mat_scales"], ["z"]),
            ProtoField.OfString(2, "tiny"),
            Tensor("conv.weight_quantized", 2, [3, 2, 3, 3], convWeights),
            Tensor("conv.weight_zero_point", 2, [], [131]),
            Tensor("conv.weight_scale", 1, [], Floats(0.01f)),
            Tensor("conv.bias", 1, [3], Floats(bias)),
            Tensor("conv.bias_shape", 7, [4], MemoryMarshal.AsBytes<long>([1, 3, 1, 1]).ToArray()),
            Tensor("mat.weight_quantized", 2, [5, 4], matWeights),
            Tensor("mat.weight_zero_point", 2, [], [120]),
            Tensor("mat.weight_scale", 1, [4], Floats(0.02f, 0.01f, 0.03f, 0.015f)),
            ProtoField.OfMessage(11, ValueInfo("x", [1, 2, 5, 5])),
            ProtoField.OfMessage(12, ValueInfo("z", [1, 3, 5, 4])),
            // A shape recorded for a value only the quantised graph has: the float graph must not keep it.
            ProtoField.OfMessage(13, ValueInfo("conv_cast_out", [1, 3, 5, 5])),
        ];
        ProtoField[] model =
        [
            ProtoField.OfInt64(1, 8),
            ProtoField.OfString(2, "edge-alpr tests"),
            ProtoField.OfMessage(7, new ProtoMessage(graph)),
            ProtoField.OfMessage(8, new ProtoMessage([ProtoField.OfString(1, ""), ProtoField.OfInt64(2, 17)])),
        ];
        return new ProtoMessage(model).ToByteArray();
    }

    /// <summary>A model with one float Conv and nothing quantised.</summary>
    public static byte[] BuildFloat()
    {
        ProtoField[] graph =
        [
            Node("conv", "Conv", ["x", "w"], ["z"], Ints("kernel_shape", 1, 1)),
            ProtoField.OfString(2, "plain"),
            Tensor("w", 1, [3, 2, 1, 1], Floats(1, 2, 3, 4, 5, 6)),
            ProtoField.OfMessage(11, ValueInfo("x", [1, 2, 5, 5])),
            ProtoField.OfMessage(12, ValueInfo("z", [1, 3, 5, 5])),
        ];
        return new ProtoMessage([
            ProtoField.OfInt64(1, 8),
            ProtoField.OfMessage(7, new ProtoMessage(graph)),
            ProtoField.OfMessage(8, new ProtoMessage([ProtoField.OfString(1, ""), ProtoField.OfInt64(2, 17)])),
        ]).ToByteArray();
    }

    private static ProtoField Node(string name, string op, string[] inputs, string[] outputs, params ProtoField[] attributes)
    {
        var fields = new List<ProtoField>();
        fields.AddRange(inputs.Select(i => ProtoField.OfString(1, i)));
        fields.AddRange(outputs.Select(o => ProtoField.OfString(2, o)));
        fields.Add(ProtoField.OfString(3, name));
        fields.Add(ProtoField.OfString(4, op));
        fields.AddRange(attributes);
        return ProtoField.OfMessage(1, new ProtoMessage(fields));
    }

    /// <summary>An INTS attribute (AttributeProto type 7), values unpacked as ONNX's writers put them.</summary>
    private static ProtoField Ints(string name, params long[] values) =>
        ProtoField.OfMessage(
            5,
            new ProtoMessage([ProtoField.OfString(1, name), .. values.Select(v => ProtoField.OfInt64(8, v)), ProtoField.OfInt64(20, 7)])
        );

    /// <summary>An INT attribute (AttributeProto type 2).</summary>
    private static ProtoField Int(string name, long value) =>
        ProtoField.OfMessage(5, new ProtoMessage([ProtoField.OfString(1, name), ProtoField.OfInt64(3, value), ProtoField.OfInt64(20, 2)]));

    private static ProtoField Tensor(string name, int dataType, long[] dims, byte[] raw) =>
        ProtoField.OfMessage(
            5,
            new ProtoMessage([
                .. dims.Select(d => ProtoField.OfInt64(1, d)),
                ProtoField.OfInt64(2, dataType),
                ProtoField.OfString(8, name),
                ProtoField.OfBytes(9, raw),
            ])
        );

    private static byte[] Floats(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>A ValueInfoProto of a float tensor: name, TypeProto.tensor_type { elem_type, shape { dim { dim_value } } }.</summary>
    private static ProtoMessage ValueInfo(string name, long[] dims)
    {
        const int elemType = 1;
        var shape = new ProtoMessage(dims.Select(d => ProtoField.OfMessage(1, new ProtoMessage([ProtoField.OfInt64(1, d)]))));
        var tensor = new ProtoMessage([ProtoField.OfInt64(1, elemType), ProtoField.OfMessage(2, shape)]);
        return new ProtoMessage([ProtoField.OfString(1, name), ProtoField.OfMessage(2, new ProtoMessage([ProtoField.OfMessage(1, tensor)]))]);
    }
}
