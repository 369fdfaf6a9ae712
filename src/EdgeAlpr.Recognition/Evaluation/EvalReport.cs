using EdgeAlpr.Core.Evaluation;

namespace EdgeAlpr.Recognition.Evaluation;

public sealed record EvalReport(EvalSummary Summary, IReadOnlyList<ImageEvaluation> Images)
{
    /// <summary>Truth plates that were not read exactly, with the image they are in.</summary>
    public IEnumerable<(ImageEvaluation Image, PlateScore Score)> Misses =>
        Images.SelectMany(i => i.Scores.Where(s => !s.Exact).Select(s => (i, s)));
}
