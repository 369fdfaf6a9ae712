namespace EdgeAlpr.Inference.Onnx;

/// <summary>Thread counts for ONNX Runtime sessions. 0 lets the runtime choose (one per physical core).</summary>
public sealed record OnnxThreading(int IntraOpThreads = 0, int InterOpThreads = 1);
