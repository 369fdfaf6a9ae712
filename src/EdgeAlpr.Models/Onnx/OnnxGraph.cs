namespace EdgeAlpr.Models.Onnx;

/// <summary>
/// A ModelProto opened down to its graph: the nodes in order, the initializers by name, and which
/// node makes and which nodes use each value. Read-only; <see cref="DynamicQuantizationRemover"/>
/// writes the changed graph from these pieces.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, int> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _consumers = new(StringComparer.Ordinal);

    private OnnxGraph(ProtoMessage model, int graphIndex, ProtoMessage graph)
    {
        Model = model;
        GraphIndex = graphIndex;
        Graph = graph;
        Nodes = graph.All(OnnxFields.GraphNode).Select((f, i) => OnnxNode.Read(f, i)).ToList();
        foreach (ProtoField f in graph.All(OnnxFields.GraphInitializer))
        {
            OnnxTensor t = OnnxTensor.Read(f);
            Initializers[t.Name] = t;
        }

        GraphOutputs = graph
            .All(OnnxFields.GraphOutput)
            .Select(f => f.AsMessage.StringOrEmpty(OnnxFields.ValueInfoName))
            .ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < Nodes.Count; i++)
        {
            foreach (string output in Nodes[i].Outputs.Where(o => o.Length > 0))
            {
                _producers[output] = i;
            }

            foreach (string input in Nodes[i].Inputs.Where(n => n.Length > 0))
            {
                if (!_consumers.TryGetValue(input, out List<int>? users))
                {
                    _consumers[input] = users = [];
                }

                if (!users.Contains(i))
                {
                    users.Add(i);
                }
            }
        }
    }

    public ProtoMessage Model { get; }

    /// <summary>Index of the graph field among the model's fields.</summary>
    public int GraphIndex { get; }

    public ProtoMessage Graph { get; }

    public List<OnnxNode> Nodes { get; }

    public Dictionary<string, OnnxTensor> Initializers { get; } = new(StringComparer.Ordinal);

    public HashSet<string> GraphOutputs { get; }

    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model with one graph.</exception>
    public static OnnxGraph Open(ReadOnlyMemory<byte> model)
    {
        ProtoMessage message = ProtoMessage.Parse(model);
        int[] graphs = message.Fields.Select((f, i) => (f, i)).Where(x => x.f.Number == OnnxFields.ModelGraph).Select(x => x.i).ToArray();
        if (graphs.Length != 1 || message.Fields[graphs[0]].WireType != Google.Protobuf.WireFormat.WireType.LengthDelimited)
        {
            throw new OnnxFormatException($"not an ONNX model: expected one graph (ModelProto field 7), found {graphs.Length}");
        }

        ProtoMessage graph;
        try
        {
            graph = message.Fields[graphs[0]].AsMessage;
        }
        catch (OnnxFormatException ex)
        {
            throw new OnnxFormatException($"not an ONNX model: its graph does not parse ({ex.Message})", ex);
        }

        return new OnnxGraph(message, graphs[0], graph);
    }

    /// <summary>The node that makes <paramref name="value"/>, or null for a graph input, an initializer or nothing.</summary>
    public OnnxNode? Producer(string value) => _producers.TryGetValue(value, out int i) ? Nodes[i] : null;

    /// <summary>The nodes that use <paramref name="value"/>, in graph order.</summary>
    public IReadOnlyList<OnnxNode> Consumers(string value) =>
        _consumers.TryGetValue(value, out List<int>? users) ? users.Select(i => Nodes[i]).ToList() : [];

    /// <summary>The only node that uses <paramref name="value"/>, when it is not also a graph output; else null.</summary>
    public OnnxNode? SoleConsumer(string value) =>
        !GraphOutputs.Contains(value) && _consumers.TryGetValue(value, out List<int>? users) && users.Count == 1 ? Nodes[users[0]] : null;

    /// <summary>How many nodes of each operator the graph holds, most first (the model's shape at a glance).</summary>
    public IReadOnlyList<(string OpType, int Count)> OperatorCounts() =>
        Nodes
            .GroupBy(n => n.OpType)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(x => x.Item2)
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .ToList();
}
