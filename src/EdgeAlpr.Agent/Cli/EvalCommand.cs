using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Agent.Output;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary><c>edge-alpr eval --dataset DIR [--json]</c>: accuracy and latency over photos with ground truth.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "Folder of NAME.jpg photos, each with a NAME.txt ground-truth line",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary as the last stdout line instead of tables" };
        var background = new Option<int?>("--hotlist-background")
        {
            Description = "Also measure alerts: list every dataset plate as stolen among N synthetic entries and match each read as the agent does",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic entries (default 1)", DefaultValueFactory = _ => 1 };
        var passing = new Option<string?>("--passing")
        {
            Description = "With --hotlist-background: a folder of photos whose plates are not listed (passing traffic), for false alerts",
        };
        var sounding = new Option<float>("--sounding-score")
        {
            Description = $"With --hotlist-background: Alerts:SoundingScore to measure with (default {AlertPolicy.DefaultSoundingScore})",
            DefaultValueFactory = _ => AlertPolicy.DefaultSoundingScore,
        };
        var floor = new Option<float>("--min-hit-score")
        {
            Description = $"With --hotlist-background: HotList:MinHitScore to measure with (default {HotListPolicy.DefaultMinHitScore})",
            DefaultValueFactory = _ => HotListPolicy.DefaultMinHitScore,
        };
        foreach (Option<float> score in new[] { sounding, floor })
        {
            score.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<float>() is not (>= 0f and <= 1f))
                {
                    r.AddError($"{r.Option.Name} must be between 0 and 1");
                }
            });
        }

        background.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > 20_000_000)
            {
                r.AddError("--hotlist-background must be between 0 and 20000000");
            }
        });
        var engine = new EngineOptions();
        var command = new Command("eval", "Measure detection, exact-read and top-5 rates and latency on a dataset");
        command.Options.Add(dataset);
        command.Options.Add(json);
        command.Options.Add(background);
        command.Options.Add(seed);
        command.Options.Add(passing);
        command.Options.Add(sounding);
        command.Options.Add(floor);
        engine.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(passing) is not null && r.GetValue(background) is null)
            {
                r.AddError("--passing needs --hotlist-background (false alerts are measured against a list)");
            }
        });
        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    engine.Overrides(parse),
                    engine.Models.LogLevel(parse),
                    (services, token) =>
                        RunAsync(
                            services,
                            parse.GetValue(dataset)!,
                            parse.GetValue(json),
                            parse.GetValue(background) is { } n
                                ? new AlertEvalSettings(
                                    n,
                                    parse.GetValue(seed),
                                    parse.GetValue(passing),
                                    parse.GetValue(sounding),
                                    parse.GetValue(floor)
                                )
                                : null,
                            token
                        ),
                    ct
                )
        );
        return command;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services,
        string folder,
        bool json,
        AlertEvalSettings? alerts,
        CancellationToken cancellationToken
    )
    {
        Dataset dataset = Dataset.Load(folder);
        foreach (string problem in dataset.Problems)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: skipped {problem}").ConfigureAwait(false);
        }

        RecognitionOptions options = services.GetRequiredService<IOptions<RecognitionOptions>>().Value;
        using PlateRecognitionEngine engine = await CommandRunner.CreateEngineAsync(services, cancellationToken).ConfigureAwait(false);
        EvalReport report;
        report = json ? DatasetEvaluator.Run(engine, dataset, null, cancellationToken) : RunWithProgress(engine, dataset, cancellationToken);
        AlertQualityRecord? quality = null;
        int passingFailed = 0;
        if (alerts is not null)
        {
            (quality, passingFailed) = await AlertEvalRun.RunAsync(engine, report, alerts, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            JsonObject line = JsonSerializer
                .SerializeToNode(EvalRecordMapper.From(dataset, report, options, engine.Plan), WireJson.Options)!
                .AsObject();
            if (quality is not null)
            {
                foreach ((string key, JsonNode? value) in JsonSerializer.SerializeToNode(quality, WireJson.Options)!.AsObject().ToList())
                {
                    line[key] = value?.DeepClone();
                }
            }

            await Console.Out.WriteLineAsync(line.ToJsonString(WireJson.Options)).ConfigureAwait(false);
        }
        else
        {
            PrintTables(dataset, report, options, engine.Plan);
            if (quality is not null)
            {
                AlertEvalRun.Print(quality);
            }
        }

        foreach (ImageEvaluation failed in report.Images.Where(i => i.Error is not null))
        {
            await Console.Error.WriteLineAsync($"edge-alpr: {failed.Image.ImagePath}: {failed.Error}").ConfigureAwait(false);
        }

        return report.Summary.Failed == 0 && passingFailed == 0 ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    private static EvalReport RunWithProgress(PlateRecognitionEngine engine, Dataset dataset, CancellationToken cancellationToken)
    {
        EvalReport? report = null;
        AnsiConsole
            .Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask($"eval {Path.GetFileName(dataset.Directory)}", maxValue: dataset.Images.Count);
                report = DatasetEvaluator.Run(engine, dataset, _ => task.Increment(1), cancellationToken);
            });
        return report!;
    }

    private static void PrintTables(Dataset dataset, EvalReport report, RecognitionOptions options, ReadingPlan plan)
    {
        EvalSummary s = report.Summary;
        var summary = new Table().Title($"[bold]{Markup.Escape(dataset.Directory)}[/]").AddColumns("measure", "value");
        summary.AddRow("detector", Markup.Escape(options.DetectorModel));
        summary.AddRow(
            "reading",
            Markup.Escape(
                $"{options.Mode.ToString().ToLowerInvariant()}: {string.Join(" + ", plan.OcrModels)} × {plan.Variants.Count} crops ({string.Join("; ", plan.Variants)}), format prior {(plan.FormatPrior ? "on" : "off")}, region rules {(options.RegionRules ? "on" : "off")}"
            )
        );
        summary.AddRow("images", Count(s.Images));
        summary.AddRow("plates", Count(s.Plates));
        summary.AddRow("detected (IoU ≥ 0.3)", Rate(s.Detected, s.DetectedRate));
        summary.AddRow("mean IoU (all / detected)", $"{s.MeanIou:F3} / {s.MeanDetectedIou:F3}");
        summary.AddRow("exact", Rate(s.Exact, s.ExactRate));
        summary.AddRow("top-5", Rate(s.Top5, s.Top5Rate));
        summary.AddRow("latency median / p90", $"{s.MedianMs:F1} ms / {s.P90Ms:F1} ms");
        summary.AddRow("detection median", $"{s.DetectMedianMs:F1} ms");
        if (s.Failed > 0)
        {
            summary.AddRow("[red]failed images[/]", Count(s.Failed));
        }

        if (dataset.Problems.Count > 0)
        {
            summary.AddRow("[yellow]skipped files[/]", Count(dataset.Problems.Count));
        }

        AnsiConsole.Write(summary);

        var misses = new Table().Title("[bold]misses[/]").AddColumns("image", "truth", "read", "IoU", "top-5", "candidates / error");
        foreach ((ImageEvaluation image, PlateScore score) in report.Misses)
        {
            string detail = image.Error
                ?? string.Join(
                    " ",
                    image
                        .Result!.Plates.Where(p => p.Text == score.Predicted)
                        .SelectMany(p => p.Candidates.Take(PlateScorer.TopCandidates))
                        .Select(c => c.Text)
                );
            misses.AddRow(
                Markup.Escape(image.Image.Name),
                Markup.Escape(score.Truth.Text),
                Markup.Escape(score.Predicted ?? "(not detected)"),
                score.BestIou.ToString("F2", CultureInfo.InvariantCulture),
                score.InTop5 ? "yes" : "no",
                Markup.Escape(detail)
            );
        }

        if (misses.Rows.Count > 0)
        {
            AnsiConsole.Write(misses);
        }

        IReadOnlyList<CharacterConfusion> confusions = report.Confusions(EvalRecord.ConfusionsShown);
        if (confusions.Count > 0)
        {
            var table = new Table().Title("[bold]most common character errors[/]").AddColumns("truth", "read as", "count");
            foreach (CharacterConfusion c in confusions)
            {
                table.AddRow(Markup.Escape(Describe(c.Truth)), Markup.Escape(Describe(c.Read)), Count(c.Count));
            }

            AnsiConsole.Write(table);
        }
    }

    private static string Describe(string character) => character.Length == 0 ? "(nothing)" : character;

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Rate(int n, double rate) => string.Create(CultureInfo.InvariantCulture, $"{n} ({rate * 100:F1}%)");
}
