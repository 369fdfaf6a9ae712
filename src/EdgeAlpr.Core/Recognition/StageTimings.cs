namespace EdgeAlpr.Core.Recognition;

/// <summary>
/// Milliseconds spent per stage for one image. <see cref="TotalMs"/> is detection plus OCR:
/// the latency a frame adds once it is in memory; decoding the file is reported on its own.
/// </summary>
public sealed record StageTimings(double DecodeMs, double DetectMs, double OcrMs)
{
    public double TotalMs => DetectMs + OcrMs;
}
