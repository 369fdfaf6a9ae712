using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Evaluation;

/// <summary>Scores predictions for one image against its ground truth.</summary>
public static class PlateScorer
{
    /// <summary>A truth plate counts as detected when a predicted box overlaps it at least this much.</summary>
    public const float DetectionIou = 0.3f;

    public const int TopCandidates = 5;

    /// <summary>
    /// Each truth plate is scored against the prediction whose box overlaps it most; the text
    /// is only credited when that box counts as a detection, so a right guess in the wrong
    /// place is still a miss.
    /// </summary>
    public static IReadOnlyList<PlateScore> Score(IReadOnlyList<GroundTruthPlate> truths, IReadOnlyList<RecognizedPlate> predictions)
    {
        var scores = new List<PlateScore>(truths.Count);
        foreach (GroundTruthPlate truth in truths)
        {
            RecognizedPlate? best = null;
            float bestIou = 0f;
            foreach (RecognizedPlate p in predictions)
            {
                float iou = p.Box.IntersectionOverUnion(truth.Box);
                if (iou > bestIou)
                {
                    bestIou = iou;
                    best = p;
                }
            }

            bool detected = best is not null && bestIou >= DetectionIou;
            if (!detected)
            {
                scores.Add(new PlateScore(truth, bestIou, null, false, false, false));
                continue;
            }

            string predicted = PlateText.Normalize(best!.Text);
            bool exact = predicted == truth.Text;
            bool top5 = exact || best.Candidates.Take(TopCandidates).Any(c => PlateText.Normalize(c.Text) == truth.Text);
            scores.Add(new PlateScore(truth, bestIou, predicted, true, exact, top5));
        }

        return scores;
    }
}
