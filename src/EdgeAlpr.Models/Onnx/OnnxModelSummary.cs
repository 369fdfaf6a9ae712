namespace EdgeAlpr.Models.Onnx;

/// <summary>One node of an ONNX graph as its wiring shows it.</summary>
public sealed record OnnxNodeSummary(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>What an ONNX model's graph is made of, read without ONNX Runtime: to see a model's shape, and to check a rewrite.</summary>
public static class OnnxModelSummary
{
    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model with one graph.</exception>
    public static IReadOnlyList<OnnxNodeSummary> Nodes(ReadOnlyMemory<byte> model) =>
        OnnxGraph.Open(model).Nodes.Select(n => new OnnxNodeSummary(n.Name, n.OpType, n.Inputs, n.Outputs)).ToList();

    /// <summary>How many nodes of each operator the graph holds.</summary>
    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model with one graph.</exception>
    public static IReadOnlyDictionary<string, int> OperatorCounts(ReadOnlyMemory<byte> model) =>
        OnnxGraph.Open(model).OperatorCounts().ToDictionary(x => x.OpType, x => x.Count, StringComparer.Ordinal);

    /// <summary>The names of the graph's initializers, in file order.</summary>
    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model with one graph.</exception>
    public static IReadOnlyList<string> Initializers(ReadOnlyMemory<byte> model) =>
        OnnxGraph.Open(model).Graph.All(OnnxFields.GraphInitializer).Select(f => f.AsMessage.StringOrEmpty(OnnxFields.TensorName)).ToList();
}
