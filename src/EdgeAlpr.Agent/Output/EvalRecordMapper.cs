using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;

namespace EdgeAlpr.Agent.Output;

/// <summary>
/// <see cref="EvalRecord"/> from an evaluation: here, beside its caller, because the report, the
/// options and the reading plan are Recognition's, which the wire contract does not reference.
/// </summary>
internal static class EvalRecordMapper
{
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
            WireJson.Round(s.MeanIou),
            WireJson.Round(s.MeanDetectedIou),
            s.Exact,
            WireJson.Round(s.ExactRate),
            s.Top5,
            WireJson.Round(s.Top5Rate),
            WireJson.Round(s.MedianMs, 2),
            WireJson.Round(s.P90Ms, 2),
            WireJson.Round(s.MeanMs, 2),
            WireJson.Round(s.DetectMedianMs, 2),
            options.DetectorModel,
            options.Mode.ToString().ToLowerInvariant(),
            plan.OcrModels,
            plan.Variants.Select(v => v.ToString()).ToList(),
            plan.FormatPrior,
            options.RegionRules,
            options.Candidates,
            report.Confusions(EvalRecord.ConfusionsShown).Select(c => new ConfusionRecord(c.Truth, c.Read, c.Count)).ToList(),
            report
                .Misses.Select(m => new MissRecord(
                    m.Image.Image.Name,
                    m.Score.Truth.Text,
                    m.Score.Predicted,
                    WireJson.Round(m.Score.BestIou, 3),
                    m.Score.InTop5,
                    m.Image.Error
                ))
                .ToList()
        );
    }
}
