using System.Globalization;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;
using EdgeAlpr.Tools.Eval;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>The alert half of <c>eval --hotlist-background N [--passing DIR]</c>: builds the list, makes reads of the photos, scores what alerts.</summary>
internal static class AlertEvalRun
{
    public static async Task<(AlertQualityRecord Record, int Failed)> RunAsync(
        PlateRecognitionEngine engine,
        EvalReport report,
        AlertEvalSettings settings,
        CancellationToken cancellationToken
    )
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var tracker = new TrackerOptions();
        var photos = new List<ListedPhoto>();
        foreach (ImageEvaluation image in report.Images.Where(i => i.Result is not null))
        {
            IReadOnlyList<PlatePass> passes = AlertQualityEval.Passes(engine.FusedSpec, tracker, engine.RegionRules, image.Result!.Plates, now);
            photos.Add(new ListedPhoto(image.Image.Name, true, [.. image.Image.Plates.Select(p => p.Text)], passes));
        }

        int failed = 0;
        if (settings.Passing is { } folder)
        {
            foreach (string path in PassingPhotos(folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    RecognitionResult result = engine.Recognize(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
                    photos.Add(
                        new ListedPhoto(
                            Path.GetFileName(path),
                            false,
                            PassingTruths(path),
                            AlertQualityEval.Passes(engine.FusedSpec, tracker, engine.RegionRules, result.Plates, now)
                        )
                    );
                }
                catch (Exception ex) when (ex is InvalidImageException or IOException or UnauthorizedAccessException)
                {
                    failed++;
                    await Console.Error.WriteLineAsync($"edge-alpr: {path}: {ex.Message}").ConfigureAwait(false);
                }
            }
        }

        Log(
            $"listing {photos.Where(p => p.Listed).Sum(p => p.Truths.Count)} dataset plates among {settings.Background} synthetic entries (seed {settings.Seed})"
        );
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        HotListSnapshot list = AlertQualityEval.BuildList(
            settings.Background,
            settings.Seed,
            photos.Where(p => p.Listed).SelectMany(p => p.Truths),
            HotListPolicy.Create(HotListProfile.Standard, new Dictionary<string, CategorySettings>(), settings.MinHitScore),
            now,
            cancellationToken
        );
        Log($"list of {list.Count} entries built in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return (
            AlertQualityEval.ScoreWithCurve(
                list,
                AlertPolicy.Default.WithSoundingScore(settings.SoundingScore),
                new PassAcceptance(new PassAcceptanceOptions(), engine.RegionRules),
                photos,
                settings.Background,
                settings.Seed,
                now
            ),
            failed
        );
    }

    public static void Print(AlertQualityRecord q)
    {
        var table = new Table().Title("[bold]alerts against the hot list[/]").AddColumns("measure", "value");
        table.AddRow("list", $"{q.HotlistEntries} entries ({q.HotlistBackground} synthetic, seed {q.Seed})");
        table.AddRow("listed plates", Count(q.ListedPlates));
        table.AddRow("hit recall (sounding)", Percent(q.HitRecall));
        table.AddRow("hit recall (any hit)", Percent(q.HitRecallAny));
        table.AddRow("reads", Count(q.Reads));
        table.AddRow("passes not made reads (doubtful, no mandatory hit)", Count(q.SuppressedReads));
        table.AddRow("false sounding / 1000 reads", q.FalseSoundingPer1000.ToString("F2", CultureInfo.InvariantCulture));
        table.AddRow("false quiet / 1000 reads", q.FalseQuietPer1000.ToString("F2", CultureInfo.InvariantCulture));
        table.AddRow("false hits / 1000 reads", q.FalseHitsPer1000.ToString("F2", CultureInfo.InvariantCulture));
        if (q.PassingReads > 0)
        {
            table.AddRow("passing reads", Count(q.PassingReads));
            table.AddRow("passing: false sounding / quiet per 1000", $"{q.PassingFalseSoundingPer1000:F2} / {q.PassingFalseQuietPer1000:F2}");
        }

        AnsiConsole.Write(table);
        var curve = new Table()
            .Title("[bold]operating curve (Alerts:SoundingScore)[/]")
            .AddColumns("sounding score", "hit recall", "false sounding / 1000", "passing: false sounding / 1000");
        foreach (OperatingPointRecord p in q.OperatingPoints)
        {
            curve.AddRow(
                p.SoundingScore.ToString("F2", CultureInfo.InvariantCulture),
                Percent(p.HitRecall),
                p.FalseSoundingPer1000.ToString("F2", CultureInfo.InvariantCulture),
                p.PassingFalseSoundingPer1000?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"
            );
        }

        AnsiConsole.Write(curve);
        if (q.AlertMisses.Count > 0)
        {
            var misses = new Table().Title("[bold]listed plates that did not sound[/]").AddColumns("image", "truth", "read", "own hit");
            foreach (AlertMissRecord m in q.AlertMisses)
            {
                misses.AddRow(
                    Markup.Escape(m.File),
                    Markup.Escape(m.Truth),
                    Markup.Escape(string.Join(" ", m.Read)),
                    Markup.Escape(m.OwnMatch is null ? "(none)" : $"{m.OwnMatch} {m.OwnScore:F3}{(m.OwnQuiet ? " quiet" : "")}")
                );
            }

            AnsiConsole.Write(misses);
        }
    }

    // A passing photo may carry a label (a dataset used as traffic): an alert on its own plate is then a right one.
    private static string[] PassingTruths(string path)
    {
        string label = Path.ChangeExtension(path, ".txt");
        if (!File.Exists(label))
        {
            return [];
        }

        string[] fields = File.ReadAllText(label).Trim().Split('\t');
        return fields.Length >= 6 && fields[^1].Length > 0 ? [fields[^1]] : [];
    }

    private static IEnumerable<string> PassingPhotos(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(ImageFiles.HasImageExtension).Order(StringComparer.Ordinal)
            : throw new DirectoryNotFoundException($"--passing: no folder {folder}");

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double rate) => (rate * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    // Progress goes to stderr: stdout carries only the figures.
    private static void Log(string message) => Console.Error.WriteLine($"eval: {message}");
}
