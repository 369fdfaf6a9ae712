namespace EdgeAlpr.Models.Onnx;

/// <summary>
/// The field numbers of the few ONNX messages the rewriter reads (onnx/onnx.proto, IR version 3 and
/// later; field numbers never change in protobuf). Every other field is carried through as bytes.
/// </summary>
internal static class OnnxFields
{
    public const int ModelGraph = 7;

    public const int GraphNode = 1;
    public const int GraphInitializer = 5;
    public const int GraphInput = 11;
    public const int GraphOutput = 12;
    public const int GraphValueInfo = 13;

    public const int NodeInput = 1;
    public const int NodeOutput = 2;
    public const int NodeName = 3;
    public const int NodeOpType = 4;
    public const int NodeAttribute = 5;
    public const int NodeDomain = 7;

    public const int AttributeName = 1;
    public const int AttributeInt = 3;

    public const int TensorDims = 1;
    public const int TensorDataType = 2;
    public const int TensorFloatData = 4;
    public const int TensorInt32Data = 5;
    public const int TensorInt64Data = 7;
    public const int TensorName = 8;
    public const int TensorRawData = 9;
    public const int TensorDataLocation = 14;

    public const int ValueInfoName = 1;

    /// <summary>TensorProto.DataType values used here.</summary>
    public const int Float = 1;
    public const int UInt8 = 2;
    public const int Int8 = 3;
    public const int Int64 = 7;
}
