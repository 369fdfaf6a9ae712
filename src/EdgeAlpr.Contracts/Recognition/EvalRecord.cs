namespace EdgeAlpr.Contracts.Recognition;

/// <summary>
/// The JSON summary <c>edge-alpr eval --json</c> prints as its last line (mapped from the evaluation by the host:
/// the report and reading plan are Recognition's).
/// </summary>
public sealed record EvalRecord(
    string Dataset,
    int Images,
    int Plates,
    int Failed,
    int Skipped,
    int Detected,
    double DetectedRate,
    double MeanIou,
    double MeanDetectedIou,
    int Exact,
    double ExactRate,
    int Top5,
    double Top5Rate,
    double MedianMs,
    double P90Ms,
    double MeanMs,
    double DetectMedianMs,
    string DetectorModel,
    string Mode,
    IReadOnlyList<string> OcrModels,
    IReadOnlyList<string> CropVariants,
    bool FormatPrior,
    bool RegionRules,
    int Candidates,
    IReadOnlyList<ConfusionRecord> Confusions,
    IReadOnlyList<MissRecord> Misses
)
{
    public const int ConfusionsShown = 10;
}

/// <summary>A character error: truth → read; an empty side is a character missed or added.</summary>
public sealed record ConfusionRecord(string Truth, string Read, int Count);

/// <summary>A plate that was not read exactly.</summary>
public sealed record MissRecord(string File, string Truth, string? Read, double Iou, bool InTop5, string? Error);
