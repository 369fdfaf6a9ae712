namespace EdgeAlpr.Core.Recognition;

/// <summary>Everything recognised in one image.</summary>
public sealed record RecognitionResult(int ImageWidth, int ImageHeight, IReadOnlyList<RecognizedPlate> Plates, StageTimings Timings);
