using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Recognition.Evaluation;

/// <summary>Runs the engine over a dataset and scores it. Latency counts recognition only, not reading or decoding the file.</summary>
public static class DatasetEvaluator
{
    public static EvalReport Run(
        PlateRecognitionEngine engine,
        Dataset dataset,
        Action<ImageEvaluation>? onImage,
        CancellationToken cancellationToken
    )
    {
        var evaluations = new List<ImageEvaluation>(dataset.Images.Count);
        var latencies = new List<double>(dataset.Images.Count);
        var detections = new List<double>(dataset.Images.Count);
        foreach (DatasetImage image in dataset.Images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ImageEvaluation evaluation;
            try
            {
                RecognitionResult result = engine.Recognize(File.ReadAllBytes(image.ImagePath));
                latencies.Add(result.Timings.TotalMs);
                detections.Add(result.Timings.DetectMs);
                evaluation = new ImageEvaluation(image, PlateScorer.Score(image.Plates, result.Plates), result, null);
            }
            catch (Exception ex) when (ex is InvalidImageException or IOException or UnauthorizedAccessException)
            {
                // A bad photo is a miss for every plate in it, reported by name; the run goes on.
                evaluation = new ImageEvaluation(image, PlateScorer.Score(image.Plates, []), null, ex.Message);
            }

            evaluations.Add(evaluation);
            onImage?.Invoke(evaluation);
        }

        var summary = EvalSummary.From(
            evaluations.Count,
            evaluations.Count(e => e.Error is not null),
            evaluations.SelectMany(e => e.Scores).ToList(),
            latencies,
            detections
        );
        return new EvalReport(summary, evaluations);
    }
}
