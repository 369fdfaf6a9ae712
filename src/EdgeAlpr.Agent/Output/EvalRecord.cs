using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Wire;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;

namespace EdgeAlpr.Agent.Output;

/// <summary>The JSON summary <c>edge-alpr eval --json</c> prints as its last line.</summary>
public sealed record EvalRecord(
    string Dataset,
    int Images,
    int Plates,
    int Failed,
    int Skipped,
    int Detected,
    double DetectedRate,
    int Exact,
    double ExactRate,
    int Top5,
    double Top5Rate,
    double MedianMs,
    double P90Ms,
    double MeanMs,
    string DetectorModel,
    string Mode,
    IReadOnlyList<string> OcrModels,
    IReadOnlyList<string> CropVariants,
    bool FormatPrior,
    int Candidates,
    IReadOnlyList<ConfusionRecord> Confusions,
    IReadOnlyList<MissRecord> Misses)
{
    public const int ConfusionsShown = 10;

    public static EvalRecord From(Dataset dataset, EvalReport report, RecognitionOptions options, ReadingPlan plan)
    {
        var s = report.Summary;
        return new EvalRecord(
            dataset.Directory,
            s.Images,
            s.Plates,
            s.Failed,
            dataset.Problems.Count,
            s.Detected,
            WireJson.Round(s.DetectedRate),
            s.Exact,
            WireJson.Round(s.ExactRate),
            s.Top5,
            WireJson.Round(s.Top5Rate),
            WireJson.Round(s.MedianMs, 2),
            WireJson.Round(s.P90Ms, 2),
            WireJson.Round(s.MeanMs, 2),
            options.DetectorModel,
            options.Mode.ToString().ToLowerInvariant(),
            plan.OcrModels,
            plan.Variants.Select(v => v.ToString()).ToList(),
            plan.FormatPrior,
            options.Candidates,
            report.Confusions(ConfusionsShown).Select(c => new ConfusionRecord(c.Truth, c.Read, c.Count)).ToList(),
            report.Misses.Select(m => new MissRecord(
                m.Image.Image.Name,
                m.Score.Truth.Text,
                m.Score.Predicted,
                WireJson.Round(m.Score.BestIou, 3),
                m.Score.InTop5,
                m.Image.Error)).ToList());
    }
}

/// <summary>A character error: truth → read; an empty side is a character missed or added.</summary>
public sealed record ConfusionRecord(string Truth, string Read, int Count);

/// <summary>A plate that was not read exactly.</summary>
public sealed record MissRecord(string File, string Truth, string? Read, double Iou, bool InTop5, string? Error);
