using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Contracts.Recognition;

/// <summary>What <c>edge-alpr recognize</c> prints per image (one JSON line).</summary>
public sealed record RecognitionRecord(
    string File,
    int? Width,
    int? Height,
    IReadOnlyList<PlateRecord>? Plates,
    TimingsRecord? Timings,
    string? Error
)
{
    public static RecognitionRecord From(string file, RecognitionResult result) =>
        new(file, result.ImageWidth, result.ImageHeight, result.Plates.Select(PlateRecord.From).ToList(), TimingsRecord.From(result.Timings), null);

    public static RecognitionRecord Failed(string file, string error) => new(file, null, null, null, null, error);
}

public sealed record PlateRecord(
    string Text,
    double Confidence,
    IReadOnlyList<double> CharConfidences,
    BoxRecord Box,
    double DetectionScore,
    RegionRecord? Region,
    IReadOnlyList<CandidateRecord> Candidates
)
{
    public static PlateRecord From(RecognizedPlate p) =>
        new(
            p.Text,
            WireJson.Round(p.Confidence),
            p.CharConfidences.Select(c => WireJson.Round(c)).ToList(),
            BoxRecord.From(p.Box),
            WireJson.Round(p.DetectionScore),
            RegionRecord.From(p.Region),
            CandidateRecord.From(p.Candidates)
        );
}

public sealed record TimingsRecord(double DecodeMs, double DetectMs, double OcrMs, double TotalMs)
{
    public static TimingsRecord From(StageTimings t) =>
        new(WireJson.Round(t.DecodeMs, 2), WireJson.Round(t.DetectMs, 2), WireJson.Round(t.OcrMs, 2), WireJson.Round(t.TotalMs, 2));
}
