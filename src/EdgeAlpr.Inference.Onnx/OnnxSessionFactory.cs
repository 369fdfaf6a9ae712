using Microsoft.ML.OnnxRuntime;

namespace EdgeAlpr.Inference.Onnx;

internal static class OnnxSessionFactory
{
    public static InferenceSession Open(string path, OnnxThreading threading)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"model file not found: {path} (run 'edge-alpr models fetch')");
        }

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threading.IntraOpThreads,
            InterOpNumThreads = threading.InterOpThreads,
        };
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"model file {path} is not a loadable ONNX model: {ex.Message}", ex);
        }
    }

    public static string Describe(NodeMetadata node) => $"{ElementName(node.ElementType)} [{string.Join(",", node.Dimensions)}]";

    private static string ElementName(Type type) =>
        type == typeof(float) ? "float32"
        : type == typeof(byte) ? "uint8"
        : type.Name;
}
