namespace EdgeAlpr.Models.Onnx;

/// <summary>A NodeProto read for its wiring: name, operator, inputs and outputs; the rest stays in <see cref="Proto"/>.</summary>
internal sealed class OnnxNode
{
    private OnnxNode(ProtoField field, ProtoMessage proto, int index)
    {
        Field = field;
        Index = index;
        Proto = proto;
        Name = proto.StringOrEmpty(OnnxFields.NodeName);
        OpType = proto.StringOrEmpty(OnnxFields.NodeOpType);
        Domain = proto.StringOrEmpty(OnnxFields.NodeDomain);
        Inputs = proto.Strings(OnnxFields.NodeInput).ToList();
        Outputs = proto.Strings(OnnxFields.NodeOutput).ToList();
    }

    /// <summary>The graph's field this node came from, written back unchanged when the node is kept.</summary>
    public ProtoField Field { get; }

    public ProtoMessage Proto { get; }

    /// <summary>Position among the graph's nodes (ONNX lists them in an order that respects their wiring).</summary>
    public int Index { get; }

    public string Name { get; }

    public string OpType { get; }

    public string Domain { get; }

    public List<string> Inputs { get; }

    public List<string> Outputs { get; }

    /// <summary>An operator of the default ONNX domain (written as "" or "ai.onnx").</summary>
    public bool Is(string opType) => OpType == opType && Domain is "" or "ai.onnx";

    public string Describe() => $"{OpType} node '{Name}'";

    /// <summary>The input at <paramref name="index"/>, or "" when the node leaves that optional input out.</summary>
    public string Input(int index) => index < Inputs.Count ? Inputs[index] : "";

    public IEnumerable<ProtoField> Attributes => Proto.All(OnnxFields.NodeAttribute);

    /// <summary>An integer attribute's value, or null when the node does not set it.</summary>
    public long? IntAttribute(string name)
    {
        foreach (ProtoField a in Attributes)
        {
            ProtoMessage attribute = a.AsMessage;
            if (attribute.StringOrEmpty(OnnxFields.AttributeName) == name)
            {
                return attribute.First(OnnxFields.AttributeInt) is { } i ? (long)i.Varint : null;
            }
        }

        return null;
    }

    public static OnnxNode Read(ProtoField field, int index) => new(field, field.AsMessage, index);

    /// <summary>A new node of the default domain, fields in field-number order as protobuf writers put them.</summary>
    public static ProtoField Create(
        string name,
        string opType,
        IEnumerable<string> inputs,
        IEnumerable<string> outputs,
        IEnumerable<ProtoField> attributes
    )
    {
        var fields = new List<ProtoField>();
        fields.AddRange(inputs.Select(i => ProtoField.OfString(OnnxFields.NodeInput, i)));
        fields.AddRange(outputs.Select(o => ProtoField.OfString(OnnxFields.NodeOutput, o)));
        fields.Add(ProtoField.OfString(OnnxFields.NodeName, name));
        fields.Add(ProtoField.OfString(OnnxFields.NodeOpType, opType));
        fields.AddRange(attributes);
        return ProtoField.OfMessage(OnnxFields.GraphNode, new ProtoMessage(fields));
    }
}
