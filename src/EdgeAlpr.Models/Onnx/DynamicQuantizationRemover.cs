namespace EdgeAlpr.Models.Onnx;

/// <summary>What <see cref="DynamicQuantizationRemover.Rewrite"/> made.</summary>
/// <param name="Bytes">The float model.</param>
/// <param name="Convolutions">ConvInteger chains turned into Conv.</param>
/// <param name="MatMuls">MatMulInteger chains turned into MatMul.</param>
/// <param name="NodesBefore">Nodes in the quantised graph.</param>
/// <param name="NodesAfter">Nodes in the float graph.</param>
public sealed record DequantizedModel(byte[] Bytes, int Convolutions, int MatMuls, int NodesBefore, int NodesAfter);

/// <summary>
/// Turns a dynamically quantised ONNX model back into a float one: every
/// DynamicQuantizeLinear → ConvInteger/MatMulInteger → Cast → Mul [→ Add bias] chain
/// (<see cref="QuantizedChain"/>) becomes one float Conv or MatMul whose weights are
/// (q − zero point) · scale. The int8 weights fully determine those floats, so nothing is lost
/// but the quantisation of activations at run time, which is what makes such models slow on
/// ONNX Runtime's CPU kernels (a quantise pass and an integer product per layer, no fusion).
/// Every field the rewrite does not touch is written back byte for byte, in its place, so the
/// result is deterministic: the same input gives the same bytes, on any machine.
/// </summary>
public static class DynamicQuantizationRemover
{
    /// <exception cref="OnnxFormatException">
    /// The bytes are not an ONNX model, or a quantised operator is not in the pattern the rewriter knows
    /// (the message names the node); nothing is converted halfway.
    /// </exception>
    public static DequantizedModel Rewrite(ReadOnlyMemory<byte> model)
    {
        OnnxGraph graph = OnnxGraph.Open(model);
        List<QuantizedChain> chains = graph
            .Nodes.Where(n => n.Is("ConvInteger") || n.Is("MatMulInteger"))
            .Select(n => QuantizedChain.Match(graph, n))
            .ToList();
        if (chains.Count == 0)
        {
            throw new OnnxFormatException("the model has no ConvInteger or MatMulInteger node: it is not dynamically quantised, nothing to convert");
        }

        var removed = new HashSet<int>();
        var replacement = new Dictionary<int, ProtoField>();
        var floatNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var floatWeights = new Dictionary<string, List<ProtoField>>(StringComparer.Ordinal);
        var taken = new HashSet<string>(graph.Initializers.Keys, StringComparer.Ordinal);
        taken.UnionWith(graph.Nodes.SelectMany(n => n.Outputs));
        foreach (QuantizedChain chain in chains)
        {
            // Two nodes sharing quantised weights with the same zero point and scale share the float weights too.
            string key = $"{chain.Weights.Name}\n{chain.WeightZeroPoint?.Name}\n{chain.WeightScale.Name}";
            if (!floatNames.TryGetValue(key, out string? weights))
            {
                weights = UniqueName(FloatName(chain.Weights.Name), taken);
                floatNames[key] = weights;
                if (!floatWeights.TryGetValue(chain.Weights.Name, out List<ProtoField>? made))
                {
                    floatWeights[chain.Weights.Name] = made = [];
                }

                made.Add(OnnxTensor.CreateFloat(weights, chain.Weights.Dims, chain.FloatWeights()));
            }

            List<string> inputs = chain.Bias is null ? [chain.Input, weights] : [chain.Input, weights, chain.Bias];
            // ConvInteger's attributes (pads, strides, dilations, group, kernel shape, auto_pad) are Conv's too.
            IEnumerable<ProtoField> attributes = chain.IsConvolution ? chain.Integer.Attributes : [];
            replacement[chain.Integer.Index] = OnnxNode.Create(
                chain.Integer.Name,
                chain.IsConvolution ? "Conv" : "MatMul",
                inputs,
                [chain.Output],
                attributes
            );
            foreach (OnnxNode node in chain.Replaced)
            {
                removed.Add(node.Index);
            }
        }

        RemoveUnused(graph, chains.SelectMany(c => c.Feeding).DistinctBy(n => n.Index).ToList(), removed, replacement);
        byte[] bytes = Write(graph, removed, replacement, floatWeights);
        int convolutions = chains.Count(c => c.IsConvolution);
        int after = graph.Nodes.Count - removed.Count + replacement.Count;
        return new DequantizedModel(bytes, convolutions, chains.Count - convolutions, graph.Nodes.Count, after);
    }

    /// <summary>The quantiser names weights <c>NAME_quantized</c>; the float ones get <c>NAME</c> back when it is free.</summary>
    private static string FloatName(string quantized) =>
        quantized.EndsWith("_quantized", StringComparison.Ordinal) ? quantized[..^"_quantized".Length] : quantized + "_float";

    private static string UniqueName(string name, HashSet<string> taken)
    {
        string unique = name;
        for (int n = 1; !taken.Add(unique); n++)
        {
            unique = $"{name}_{n}";
        }

        return unique;
    }

    /// <summary>
    /// Drops the quantise, scale and bias-reshape nodes once nothing kept uses what they make, again until
    /// none goes (a quantise node's scale feeds a scale node dropped in the same pass).
    /// </summary>
    private static void RemoveUnused(
        OnnxGraph graph,
        IReadOnlyList<OnnxNode> candidates,
        HashSet<int> removed,
        Dictionary<int, ProtoField> replacement
    )
    {
        bool changed = true;
        while (changed)
        {
            var used = new HashSet<string>(graph.GraphOutputs, StringComparer.Ordinal);
            for (int i = 0; i < graph.Nodes.Count; i++)
            {
                if (replacement.TryGetValue(i, out ProtoField created))
                {
                    used.UnionWith(created.AsMessage.Strings(OnnxFields.NodeInput));
                }
                else if (!removed.Contains(i))
                {
                    used.UnionWith(graph.Nodes[i].Inputs);
                }
            }

            changed = false;
            foreach (OnnxNode node in candidates)
            {
                if (!removed.Contains(node.Index) && !node.Outputs.Any(used.Contains))
                {
                    removed.Add(node.Index);
                    changed = true;
                }
            }
        }
    }

    /// <summary>The graph's fields in their order: kept ones as they were, each replaced node in its place, each float weight after its quantised source.</summary>
    private static byte[] Write(
        OnnxGraph graph,
        HashSet<int> removed,
        Dictionary<int, ProtoField> replacement,
        Dictionary<string, List<ProtoField>> floatWeights
    )
    {
        // What the float graph still uses: its nodes' inputs and its outputs.
        var used = new HashSet<string>(graph.GraphOutputs, StringComparer.Ordinal);
        var made = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            ProtoMessage? node =
                replacement.TryGetValue(i, out ProtoField created) ? created.AsMessage
                : removed.Contains(i) ? null
                : graph.Nodes[i].Proto;
            if (node is not null)
            {
                used.UnionWith(node.Strings(OnnxFields.NodeInput));
                made.UnionWith(node.Strings(OnnxFields.NodeOutput));
            }
        }

        // Initializers and graph inputs only the dropped nodes used go with them; anything else unused stays as it was.
        var droppedInputs = new HashSet<string>(graph.Nodes.Where(n => removed.Contains(n.Index)).SelectMany(n => n.Inputs), StringComparer.Ordinal);
        droppedInputs.ExceptWith(used);
        var makersBefore = new HashSet<string>(graph.Nodes.SelectMany(n => n.Outputs), StringComparer.Ordinal);

        var fields = new List<ProtoField>();
        int nodeIndex = 0;
        foreach (ProtoField field in graph.Graph.Fields)
        {
            switch (field.Number)
            {
                case OnnxFields.GraphNode:
                    if (replacement.TryGetValue(nodeIndex, out ProtoField created))
                    {
                        fields.Add(created);
                    }
                    else if (!removed.Contains(nodeIndex))
                    {
                        fields.Add(field);
                    }

                    nodeIndex++;
                    break;
                case OnnxFields.GraphInitializer:
                    string name = field.AsMessage.StringOrEmpty(OnnxFields.TensorName);
                    if (!droppedInputs.Contains(name))
                    {
                        fields.Add(field);
                    }

                    if (floatWeights.TryGetValue(name, out List<ProtoField>? floats))
                    {
                        fields.AddRange(floats);
                    }

                    break;
                case OnnxFields.GraphInput:
                    if (!droppedInputs.Contains(field.AsMessage.StringOrEmpty(OnnxFields.ValueInfoName)))
                    {
                        fields.Add(field);
                    }

                    break;
                case OnnxFields.GraphValueInfo:
                    // Shapes recorded for values the float graph no longer has (the int32 products, the quantised activations).
                    string value = field.AsMessage.StringOrEmpty(OnnxFields.ValueInfoName);
                    if (made.Contains(value) || !makersBefore.Contains(value))
                    {
                        fields.Add(field);
                    }

                    break;
                default:
                    fields.Add(field);
                    break;
            }
        }

        var model = new List<ProtoField>(graph.Model.Fields);
        model[graph.GraphIndex] = ProtoField.OfMessage(OnnxFields.ModelGraph, new ProtoMessage(fields));
        return new ProtoMessage(model).ToByteArray();
    }
}
