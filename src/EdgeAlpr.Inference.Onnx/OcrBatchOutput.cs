namespace EdgeAlpr.Inference.Onnx;

/// <summary>Raw OCR output for a batch of plates, slot-major per plate.</summary>
/// <param name="Count">How many plates the batch holds.</param>
/// <param name="PlateProbabilities">plates × slots × classes.</param>
/// <param name="RegionProbabilities">plates × regions, or null when the model has no region head.</param>
public sealed record OcrBatchOutput(int Count, float[] PlateProbabilities, float[]? RegionProbabilities);
