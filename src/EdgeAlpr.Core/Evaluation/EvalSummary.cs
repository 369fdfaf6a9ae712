namespace EdgeAlpr.Core.Evaluation;

/// <summary>
/// Accuracy and latency over a dataset. Counts are per ground-truth plate (the datasets
/// here have one plate per image, so they equal image counts there).
/// </summary>
public sealed record EvalSummary(int Images, int Plates, int Failed, int Detected, int Exact, int Top5, double MedianMs, double P90Ms, double MeanMs)
{
    public double DetectedRate => Rate(Detected);

    public double ExactRate => Rate(Exact);

    public double Top5Rate => Rate(Top5);

    /// <summary>Mean over the truth plates of the best predicted box's IoU, 0 for a plate nothing overlaps: box quality and recall in one figure.</summary>
    public double MeanIou { get; init; }

    /// <summary>Mean IoU over the detected plates only (IoU at least <see cref="PlateScorer.DetectionIou"/>): how tight the found boxes are.</summary>
    public double MeanDetectedIou { get; init; }

    /// <summary>Median detection time per image (letterbox and detector, refinement included), NaN when not measured.</summary>
    public double DetectMedianMs { get; init; } = double.NaN;

    /// <param name="images">Number of images the dataset holds, including any that failed to load.</param>
    /// <param name="failed">Images that could not be processed; their plates count as misses.</param>
    /// <param name="scores">Every ground-truth plate's score.</param>
    /// <param name="latenciesMs">Per-image recognition latency of the images that were processed.</param>
    /// <param name="detectMs">Per-image detection time of the same images, when measured.</param>
    public static EvalSummary From(
        int images,
        int failed,
        IReadOnlyCollection<PlateScore> scores,
        IReadOnlyCollection<double> latenciesMs,
        IReadOnlyCollection<double>? detectMs = null
    ) =>
        new(
            images,
            scores.Count,
            failed,
            scores.Count(s => s.Detected),
            scores.Count(s => s.Exact),
            scores.Count(s => s.InTop5),
            Percentile.Of(latenciesMs, 50),
            Percentile.Of(latenciesMs, 90),
            latenciesMs.Count == 0 ? double.NaN : latenciesMs.Average()
        )
        {
            MeanIou = scores.Count == 0 ? 0 : scores.Average(s => s.BestIou),
            MeanDetectedIou = scores.Any(s => s.Detected) ? scores.Where(s => s.Detected).Average(s => s.BestIou) : 0,
            DetectMedianMs = detectMs is null ? double.NaN : Percentile.Of(detectMs, 50),
        };

    private double Rate(int count) => Plates == 0 ? 0 : (double)count / Plates;
}
