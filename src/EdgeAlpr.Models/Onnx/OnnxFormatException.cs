namespace EdgeAlpr.Models.Onnx;

/// <summary>Bytes that are not an ONNX model this code can read or rewrite; the message says what is wrong and where.</summary>
public sealed class OnnxFormatException : Exception
{
    public OnnxFormatException(string message)
        : base(message) { }

    public OnnxFormatException(string message, Exception inner)
        : base(message, inner) { }
}
