using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;

namespace EdgeAlpr.Integration.Tests;

/// <summary>Accuracy floors on the real dev photos: the bare models (single mode) and the default (fast) fusion.</summary>
[Collection(EngineCollection.Name)]
public sealed class DevSetEvalTests(EngineFixture fixture)
{
    [Fact]
    public async Task Single_mode_on_the_us_dev_set_detects_99_percent_and_reads_78_percent_exactly()
    {
        var options = new RecognitionOptions { Mode = ReadingMode.Single };
        using PlateRecognitionEngine bare = await PlateRecognitionEngine.CreateAsync(
            options,
            fixture.Fetcher,
            TestPictures.Portable,
            null,
            CancellationToken.None
        );
        EvalReport report = DatasetEvaluator.Run(bare, Dataset.Load(TestPaths.UsDev), null, CancellationToken.None);
        EvalSummary s = report.Summary;

        Assert.Equal(111, s.Images);
        Assert.Equal(0, s.Failed);
        Assert.True(s.DetectedRate >= 0.99, $"detected {s.DetectedRate:P1}");
        Assert.True(s.ExactRate >= 0.78, $"exact {s.ExactRate:P1}");
        Assert.True(s.Top5Rate >= s.ExactRate);
        Assert.True(s.MedianMs > 0 && s.P90Ms >= s.MedianMs);
    }

    [Fact]
    public void Default_mode_on_the_us_dev_set_reads_92_percent_exactly_with_the_truth_in_the_top_5_for_96_percent()
    {
        Assert.Equal(ReadingMode.Fast, fixture.Engine.Options.Mode);
        EvalReport report = DatasetEvaluator.Run(fixture.Engine, Dataset.Load(TestPaths.UsDev), null, CancellationToken.None);
        EvalSummary s = report.Summary;

        Assert.True(s.DetectedRate >= 0.99, $"detected {s.DetectedRate:P1}");
        Assert.True(s.ExactRate >= 0.92, $"exact {s.ExactRate:P1}");
        Assert.True(s.Top5Rate >= 0.96, $"top-5 {s.Top5Rate:P1}");
        Assert.NotEmpty(report.Confusions(10));
    }

    [Fact]
    public void Default_mode_on_the_eu_set_detects_99_percent_and_reads_93_percent_exactly()
    {
        EvalSummary s = DatasetEvaluator.Run(fixture.Engine, Dataset.Load(TestPaths.Eu), null, CancellationToken.None).Summary;

        Assert.Equal(108, s.Images);
        Assert.True(s.DetectedRate >= 0.99, $"detected {s.DetectedRate:P1}");
        Assert.True(s.ExactRate >= 0.93, $"exact {s.ExactRate:P1}");
        Assert.True(s.Top5Rate >= 0.96, $"top-5 {s.Top5Rate:P1}");
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
