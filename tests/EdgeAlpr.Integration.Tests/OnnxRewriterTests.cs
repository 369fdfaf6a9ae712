using System.Security.Cryptography;
using EdgeAlpr.Models;
using EdgeAlpr.Models.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The ONNX reader and writer keep what they do not touch, and the float rewrite computes what the quantised graph approximates.</summary>
public sealed class OnnxRewriterTests
{
    private static readonly string Int8Detector = Path.Combine(TestPaths.SharedModels, "yolo-v9-t-416-license-plates-end2end-int8.onnx");

    [Fact]
    public void An_untouched_model_is_written_back_byte_for_byte()
    {
        byte[] original = File.ReadAllBytes(Int8Detector);
        ProtoMessage model = ProtoMessage.Parse(original);
        int graph = model.Fields.FindIndex(f => f.Number == 7);

        // The graph opened and written again as a new field: the re-encoded length and every node, tensor and unknown field are the same bytes.
        var fields = new List<ProtoField>(model.Fields);
        fields[graph] = ProtoField.OfMessage(7, fields[graph].AsMessage);

        Assert.Equal(original, model.ToByteArray());
        Assert.Equal(original, new ProtoMessage(fields).ToByteArray());
    }

    [Fact]
    public void The_shared_detector_becomes_float_deterministically_and_as_the_manifest_pins()
    {
        byte[] original = File.ReadAllBytes(Int8Detector);
        IReadOnlyDictionary<string, int> before = OnnxModelSummary.OperatorCounts(original);

        DequantizedModel first = DynamicQuantizationRemover.Rewrite(original);
        DequantizedModel second = DynamicQuantizationRemover.Rewrite(original);

        Assert.Equal(first.Bytes, second.Bytes);
        ModelFile pinned = ModelManifest.BuiltIn.Find("yolo-v9-t-416-license-plates-end2end-float", ModelManifest.DetectorRole).Weights;
        Assert.Equal(pinned.Sha256, Convert.ToHexStringLower(SHA256.HashData(first.Bytes)));
        Assert.Equal(pinned.Size, first.Bytes.Length);
        IReadOnlyDictionary<string, int> after = OnnxModelSummary.OperatorCounts(first.Bytes);
        Assert.Equal(before["ConvInteger"], first.Convolutions);
        Assert.Equal(before["ConvInteger"], after["Conv"]);
        Assert.Equal(1, first.MatMuls);
        Assert.Equal(1, after["MatMul"]);
        Assert.False(after.ContainsKey("ConvInteger") || after.ContainsKey("MatMulInteger") || after.ContainsKey("DynamicQuantizeLinear"));
        // Only the graph's own casts are left (the end-to-end head casts class ids), none of the quantiser's.
        Assert.Equal(before["Cast"] - first.Convolutions - first.MatMuls, after.GetValueOrDefault("Cast"));
        Assert.Equal(after.Values.Sum(), first.NodesAfter);
    }

    [Fact]
    public void A_tiny_quantised_graph_becomes_a_float_graph_that_agrees_with_it()
    {
        byte[] quantised = QuantizedModelBuilder.Build();

        DequantizedModel rewritten = DynamicQuantizationRemover.Rewrite(quantised);

        IReadOnlyList<OnnxNodeSummary> nodes = OnnxModelSummary.Nodes(rewritten.Bytes);
        Assert.Equal(["Conv", "Sigmoid", "Mul", "MatMul"], nodes.Select(n => n.OpType));
        // The bias went into the convolution, which now writes the value the Add wrote.
        Assert.Equal(["x", "conv.weight", "conv.bias"], nodes[0].Inputs);
        Assert.Equal(["conv_out"], nodes[0].Outputs);
        Assert.Equal(["act", "mat.weight"], nodes[3].Inputs);
        Assert.Equal(["z"], nodes[3].Outputs);
        // Float weights in place of the quantised ones; the zero points, scales and the reshaped bias's shape are gone.
        Assert.Equal(["conv.weight", "conv.bias", "mat.weight"], OnnxModelSummary.Initializers(rewritten.Bytes));
        Assert.Equal(14, rewritten.NodesBefore);
        Assert.Equal(4, rewritten.NodesAfter);

        var rng = new Random(3);
        for (int run = 0; run < 5; run++)
        {
            float[] x = Enumerable.Range(0, QuantizedModelBuilder.InputLength).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
            float[] expected = Run(quantised, x);
            float[] actual = Run(rewritten.Bytes, x);
            Assert.Equal(3 * 5 * 4, actual.Length);
            // The quantised graph rounds every activation to 8 bits, so the two agree to that precision, not exactly.
            float scale = expected.Max(Math.Abs);
            Assert.All(expected.Zip(actual), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 0.03f * scale));
        }
    }

    [Fact]
    public void A_shared_quantise_node_goes_only_with_its_last_user()
    {
        // The real detector quantises some activations once for two convolutions; none of those nodes may survive or dangle.
        byte[] rewritten = DynamicQuantizationRemover.Rewrite(File.ReadAllBytes(Int8Detector)).Bytes;

        IReadOnlyList<OnnxNodeSummary> nodes = OnnxModelSummary.Nodes(rewritten);
        var made = new HashSet<string>(nodes.SelectMany(n => n.Outputs));
        var initializers = new HashSet<string>(OnnxModelSummary.Initializers(rewritten));
        Assert.All(nodes.SelectMany(n => n.Inputs).Where(i => i.Length > 0), i =>
            Assert.True(made.Contains(i) || initializers.Contains(i) || i == "images", i)
        );
    }

    [Fact]
    public void Truncated_bytes_are_refused_with_a_clear_error()
    {
        byte[] original = File.ReadAllBytes(Int8Detector);

        var ex = Assert.Throws<OnnxFormatException>(() => DynamicQuantizationRemover.Rewrite(original.AsMemory(0, 100_000)));

        Assert.Contains("not a well-formed protobuf message", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x08 }, "not a well-formed protobuf message")]
    [InlineData(new byte[] { 0x00, 0x01 }, "not a well-formed protobuf message")]
    [InlineData(new byte[] { 0x0B, 0x01 }, "wire type StartGroup, which ONNX does not use")]
    [InlineData(new byte[] { 0x08, 0x07 }, "not an ONNX model: expected one graph (ModelProto field 7), found 0")]
    [InlineData(new byte[] { 0x3A, 0x02, 0x0A, 0x05 }, "not an ONNX model: its graph does not parse")]
    public void Bytes_that_are_not_an_onnx_model_are_refused(byte[] bytes, string message)
    {
        var ex = Assert.Throws<OnnxFormatException>(() => DynamicQuantizationRemover.Rewrite(bytes));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_quantised_operators_is_refused_rather_than_copied()
    {
        var ex = Assert.Throws<OnnxFormatException>(() => DynamicQuantizationRemover.Rewrite(QuantizedModelBuilder.BuildFloat()));

        Assert.Contains("not dynamically quantised", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantised_operator_outside_the_known_pattern_is_named_and_nothing_is_converted()
    {
        // The convolution's output scaled by a constant instead of the input scale times the weight scale.
        byte[] model = QuantizedModelBuilder.Build();
        ProtoMessage message = ProtoMessage.Parse(model);
        int graphIndex = message.Fields.FindIndex(f => f.Number == 7);
        ProtoMessage graph = message.Fields[graphIndex].AsMessage;
        int rescale = graph.Fields.FindIndex(f => f.Number == 1 && f.AsMessage.StringOrEmpty(3) == "conv_rescale");
        ProtoMessage node = graph.Fields[rescale].AsMessage;
        graph.Fields[rescale] = ProtoField.OfMessage(
            1,
            new ProtoMessage(node.Fields.Select(f => f.Number == 1 && f.AsString == "conv_scales" ? ProtoField.OfString(1, "conv.weight_scale") : f))
        );
        message.Fields[graphIndex] = ProtoField.OfMessage(7, graph);

        var ex = Assert.Throws<OnnxFormatException>(() => DynamicQuantizationRemover.Rewrite(message.ToByteArray()));

        Assert.Contains("cannot convert ConvInteger node 'conv_quant' to float", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not the input scale times a weight scale", ex.Message, StringComparison.Ordinal);
    }

    private static float[] Run(byte[] model, float[] x)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(x, QuantizedModelBuilder.InputShape);
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, ["x"], [input], ["z"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
