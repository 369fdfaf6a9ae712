using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tests;

public class EvaluationTests
{
    private static RecognizedPlate Plate(BoundingBox box, string text, params string[] candidates) =>
        new(box, 0.9f, text, 0.9f, [], candidates.Select(c => new PlateCandidate(c, 0.1f)).ToList(), null);

    [Fact]
    public void Parses_a_dataset_line()
    {
        GroundTruthPlate t = GroundTruthPlate.Parse("car1.jpg\t935\t362\t99\t49\tYG9X2G");
        Assert.Equal("car1.jpg", t.ImageName);
        Assert.Equal(new BoundingBox(935, 362, 1034, 411), t.Box);
        Assert.Equal("YG9X2G", t.Text);
    }

    [Theory]
    [InlineData("car1.jpg\t935\t362\t99\tYG9X2G", "expected 6 fields")]
    [InlineData("car1.jpg\t935\tabc\t99\t49\tYG9X2G", "y must be a non-negative number")]
    [InlineData("car1.jpg\t935\t362\t0\t49\tYG9X2G", "positive size")]
    [InlineData("car1.jpg\t935\t362\t99\t49\tYG9#2G", "letters and digits")]
    public void Refuses_malformed_lines_saying_why(string line, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => GroundTruthPlate.Parse(line));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_against_the_best_overlapping_prediction()
    {
        var truth = new GroundTruthPlate("a.jpg", new BoundingBox(100, 100, 200, 150), "ABC123");
        var far = Plate(new BoundingBox(500, 500, 600, 550), "ABC123");
        var near = Plate(new BoundingBox(105, 100, 205, 150), "ABC128", "ABC128", "ABC123");

        PlateScore s = Assert.Single(PlateScorer.Score([truth], [far, near]));

        Assert.True(s.Detected);
        Assert.Equal("ABC128", s.Predicted);
        Assert.False(s.Exact);
        Assert.True(s.InTop5);
    }

    [Fact]
    public void Right_text_in_the_wrong_place_is_not_credited()
    {
        var truth = new GroundTruthPlate("a.jpg", new BoundingBox(100, 100, 200, 150), "ABC123");
        // IoU 0.25 < 0.3: not a detection.
        var offset = Plate(new BoundingBox(160, 100, 260, 150), "ABC123");

        PlateScore s = Assert.Single(PlateScorer.Score([truth], [offset]));

        Assert.False(s.Detected);
        Assert.False(s.Exact);
        Assert.Null(s.Predicted);
        Assert.Equal(0.25f, s.BestIou, 3);
    }

    [Fact]
    public void Top5_only_looks_at_the_first_five_candidates()
    {
        var truth = new GroundTruthPlate("a.jpg", new BoundingBox(0, 0, 100, 50), "AAA111");
        var p = Plate(new BoundingBox(0, 0, 100, 50), "AAA112", "AAA112", "AAA113", "AAA114", "AAA115", "AAA116", "AAA111");
        Assert.False(Assert.Single(PlateScorer.Score([truth], [p])).InTop5);
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        double[] values = [10, 20, 30, 40];
        Assert.Equal(25, Percentile.Of(values, 50));
        Assert.Equal(37, Percentile.Of(values, 90), 6);
        Assert.Equal(10, Percentile.Of(values, 0));
        Assert.Equal(40, Percentile.Of(values, 100));
        Assert.True(double.IsNaN(Percentile.Of([], 50)));
    }

    [Fact]
    public void Summary_counts_rates_and_latency()
    {
        var box = new BoundingBox(0, 0, 10, 10);
        GroundTruthPlate T(string text) => new("x.jpg", box, text);
        PlateScore[] scores =
        [
            new(T("A"), 0.9f, "A", true, true, true),
            new(T("B"), 0.9f, "C", true, false, true),
            new(T("D"), 0.0f, null, false, false, false),
            new(T("E"), 0.8f, "F", true, false, false),
        ];

        EvalSummary s = EvalSummary.From(4, 1, scores, [5.0, 7.0, 9.0]);

        Assert.Equal((4, 4, 1, 3, 1, 2), (s.Images, s.Plates, s.Failed, s.Detected, s.Exact, s.Top5));
        Assert.Equal(0.75, s.DetectedRate);
        Assert.Equal(0.25, s.ExactRate);
        Assert.Equal(0.5, s.Top5Rate);
        Assert.Equal(7.0, s.MedianMs);
        Assert.Equal(8.6, s.P90Ms, 6);
        Assert.Equal(7.0, s.MeanMs);
        // Box quality: over every plate (a miss counts 0), and over the detected ones.
        Assert.Equal((0.9 + 0.9 + 0.0 + 0.8) / 4, s.MeanIou, 6);
        Assert.Equal((0.9 + 0.9 + 0.8) / 3, s.MeanDetectedIou, 6);
        Assert.True(double.IsNaN(s.DetectMedianMs));
        Assert.Equal(3.0, EvalSummary.From(4, 1, scores, [5.0, 7.0, 9.0], [2.0, 3.0, 4.0]).DetectMedianMs);
    }
}

public class ConfusionCounterTests
{
    [Fact]
    public void Counts_substitutions_missed_and_added_characters()
    {
        var counter = new EdgeAlpr.Core.Evaluation.ConfusionCounter();
        counter.Add("AB0123", "AB0I23"); // 1 read as I
        counter.Add("OY09FEU", "0Y09FEU"); // O read as 0
        counter.Add("47366J1", "4766J1"); // a 3 missed
        counter.Add("ABC", "ABCD"); // a D added
        counter.Add("X1", "XI"); // 1 read as I again

        var top = counter.Top(10);

        Assert.Equal(new EdgeAlpr.Core.Evaluation.CharacterConfusion("1", "I", 2), top[0]);
        Assert.Contains(new EdgeAlpr.Core.Evaluation.CharacterConfusion("O", "0", 1), top);
        Assert.Contains(new EdgeAlpr.Core.Evaluation.CharacterConfusion("3", "", 1), top);
        Assert.Contains(new EdgeAlpr.Core.Evaluation.CharacterConfusion("", "D", 1), top);
        Assert.Equal(4, top.Count);
    }
}
