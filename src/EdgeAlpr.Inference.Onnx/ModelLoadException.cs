namespace EdgeAlpr.Inference.Onnx;

/// <summary>A model or its config could not be used: missing, not ONNX, or with the wrong tensors. The message names the file.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message)
        : base(message) { }

    public ModelLoadException(string message, Exception inner)
        : base(message, inner) { }
}
