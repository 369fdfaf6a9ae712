using EdgeAlpr.Core.Evaluation;

namespace EdgeAlpr.Recognition.Evaluation;

public sealed record EvalReport(EvalSummary Summary, IReadOnlyList<ImageEvaluation> Images)
{
    /// <summary>Truth plates that were not read exactly, with the image they are in.</summary>
    public IEnumerable<(ImageEvaluation Image, PlateScore Score)> Misses => Images.SelectMany(i => i.Scores.Where(s => !s.Exact).Select(s => (i, s)));

    /// <summary>The most common character errors among detected plates that were misread.</summary>
    public IReadOnlyList<CharacterConfusion> Confusions(int count)
    {
        var counter = new ConfusionCounter();
        foreach ((ImageEvaluation _, PlateScore score) in Misses)
        {
            if (score.Predicted is { } read)
            {
                counter.Add(score.Truth.Text, read);
            }
        }

        return counter.Top(count);
    }
}
