using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Recognition.Evaluation;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The foundation's accuracy floor on the real dev photos.</summary>
[Collection(EngineCollection.Name)]
public sealed class DevSetEvalTests(EngineFixture fixture)
{
    [Fact]
    public void Us_dev_set_detects_99_percent_and_reads_78_percent_exactly()
    {
        EvalReport report = DatasetEvaluator.Run(fixture.Engine, Dataset.Load(TestPaths.UsDev), null, CancellationToken.None);
        EvalSummary s = report.Summary;

        Assert.Equal(111, s.Images);
        Assert.Equal(0, s.Failed);
        Assert.True(s.DetectedRate >= 0.99, $"detected {s.DetectedRate:P1}");
        Assert.True(s.ExactRate >= 0.78, $"exact {s.ExactRate:P1}");
        Assert.True(s.Top5Rate >= s.ExactRate);
        Assert.True(s.MedianMs > 0 && s.P90Ms >= s.MedianMs);
    }

    [Fact]
    public void Eu_set_detects_99_percent_and_reads_90_percent_exactly()
    {
        EvalSummary s = DatasetEvaluator.Run(fixture.Engine, Dataset.Load(TestPaths.Eu), null, CancellationToken.None).Summary;

        Assert.Equal(108, s.Images);
        Assert.True(s.DetectedRate >= 0.99, $"detected {s.DetectedRate:P1}");
        Assert.True(s.ExactRate >= 0.90, $"exact {s.ExactRate:P1}");
    }

    [Fact]
    public void A_dataset_reports_bad_ground_truth_by_file_and_line_and_scores_bad_photos_as_misses()
    {
        using var dir = new TempDir();
        string good = Path.GetFileName(TestPaths.KnownImage);
        File.Copy(TestPaths.KnownImage, dir.File(good));
        File.Copy(Path.ChangeExtension(TestPaths.KnownImage, ".txt"), dir.File(Path.ChangeExtension(good, ".txt")));
        File.WriteAllBytes(dir.File("cut.jpg"), File.ReadAllBytes(TestPaths.KnownImage)[..5000]);
        File.WriteAllText(dir.File("cut.txt"), "cut.jpg\t1\t1\t10\t10\tABC123\n");
        File.Copy(TestPaths.KnownImage, dir.File("nolabel.jpg"));
        File.Copy(TestPaths.KnownImage, dir.File("badlabel.jpg"));
        File.WriteAllText(dir.File("badlabel.txt"), "badlabel.jpg\t1\t1\n");

        Dataset dataset = Dataset.Load(dir.Path);
        EvalReport report = DatasetEvaluator.Run(fixture.Engine, dataset, null, CancellationToken.None);

        Assert.Equal(2, dataset.Images.Count);
        Assert.Contains(dataset.Problems, p => p.StartsWith("nolabel.jpg: no ground truth", StringComparison.Ordinal));
        Assert.Contains(dataset.Problems, p => p.StartsWith("badlabel.txt:1: expected 6 fields", StringComparison.Ordinal));
        Assert.Equal((2, 1, 1), (report.Summary.Images, report.Summary.Failed, report.Summary.Exact));
        Assert.Contains("truncated JPEG", report.Images.Single(i => i.Error is not null).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_empty_dataset_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => Dataset.Load("/nonexistent/dataset"));
        using var dir = new TempDir();
        var ex = Assert.Throws<InvalidDataException>(() => Dataset.Load(dir.Path));
        Assert.Contains("no usable photo", ex.Message, StringComparison.Ordinal);
    }
}
