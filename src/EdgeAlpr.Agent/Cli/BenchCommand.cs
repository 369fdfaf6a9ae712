using System.CommandLine;
using System.Diagnostics;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;
using EdgeAlpr.Tools.Bench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr bench modes --dataset DIR</c>: recognition latency of every reading mode,
/// measured in one run on the same decoded pictures, modes interleaved per picture so that
/// the machine's noise falls on all of them alike; with a baseline detector (by default the model
/// the configured detector is derived from) every mode runs with both, interleaved the same way.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var photos = new PhotoBenchOptions();
        var baseline = new Option<string?>("--baseline-detector")
        {
            Description =
                "Detector measured beside the configured one in the same run (default: the model a derived detector is made from; none to skip)",
        };
        var modes = new Command("modes", "Latency of the single, fast and accuracy reading modes, measured together");
        modes.Options.Add(baseline);
        photos.Attach(modes, (services, parse, token) =>
            RunAsync(
                services,
                parse.GetValue(photos.Dataset)!,
                parse.GetValue(photos.Rounds),
                parse.GetValue(photos.Json),
                parse.GetValue(baseline),
                token
            )
        );
        var bench = new Command("bench", "Benchmarks that print JSON");
        bench.Subcommands.Add(modes);
        bench.Subcommands.Add(ImagingBench.Create());
        bench.Subcommands.Add(HotListBench.Create());
        bench.Subcommands.Add(StoreBench.Create());
        bench.Subcommands.Add(UplinkBench.Create());
        bench.Subcommands.Add(InboundBench.Create());
        bench.Subcommands.Add(AgentBench.Create());
        bench.Subcommands.Add(StreamBench.Create());
        bench.Subcommands.Add(PolicyBench.Create());
        bench.Subcommands.Add(ConsoleBench.Create());
        return bench;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services,
        string folder,
        int rounds,
        bool json,
        string? baselineDetector,
        CancellationToken cancellationToken
    )
    {
        Dataset dataset = Dataset.Load(folder);
        RecognitionOptions configured = services.GetRequiredService<IOptions<RecognitionOptions>>().Value;
        ModelFetcher fetcher = services.GetRequiredService<ModelFetcher>();
        ILogger logger = services.GetRequiredService<ILogger<PlateRecognitionEngine>>();
        string? baseline = Baseline(fetcher.Manifest, configured.DetectorModel, baselineDetector);
        string[] detectors = baseline is null ? [configured.DetectorModel] : [configured.DetectorModel, baseline];
        ReadingMode[] all = Enum.GetValues<ReadingMode>();
        var engines = new List<PlateRecognitionEngine>();
        var pictures = new List<BgrPicture>();
        IPictureOperations imaging = services.GetRequiredService<IPictureOperations>();
        try
        {
            foreach (string detector in detectors)
            {
                foreach (ReadingMode mode in all)
                {
                    // Each mode as its preset defines it; only model choice and threads carry over.
                    var options = new RecognitionOptions
                    {
                        DetectorModel = detector,
                        OcrModel = configured.OcrModel,
                        Mode = mode,
                        DetectionThreshold = configured.DetectionThreshold,
                        Candidates = configured.Candidates,
                        IntraOpThreads = configured.IntraOpThreads,
                        InterOpThreads = configured.InterOpThreads,
                    };
                    engines.Add(await PlateRecognitionEngine.CreateAsync(options, fetcher, imaging, logger, cancellationToken).ConfigureAwait(false));
                }
            }

            foreach (DatasetImage image in dataset.Images)
            {
                pictures.Add(engines[0].Decode(await File.ReadAllBytesAsync(image.ImagePath, cancellationToken).ConfigureAwait(false)));
            }

            var latencies = engines.Select(_ => new List<double>()).ToArray();
            var detections = engines.Select(_ => new List<double>()).ToArray();
            InterleavedRounds.Run(
                rounds,
                pictures.Count,
                engines.Count,
                (e, p) =>
                {
                    long start = Stopwatch.GetTimestamp();
                    RecognitionResult result = engines[e].Recognize(pictures[p]);
                    latencies[e].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    detections[e].Add(result.Timings.DetectMs);
                },
                cancellationToken
            );

            List<ModeLatency> Modes(int d)
            {
                int first = d * all.Length;
                double single = Percentile.Of(latencies[first], 50);
                return all.Select(
                        (mode, i) =>
                            new ModeLatency(
                                mode.ToString().ToLowerInvariant(),
                                engines[first + i].Plan.ReadsPerPlate,
                                WireJson.Round(Percentile.Of(latencies[first + i], 50), 2),
                                WireJson.Round(Percentile.Of(latencies[first + i], 90), 2),
                                WireJson.Round(Percentile.Of(latencies[first + i], 50) / single, 3),
                                WireJson.Round(Percentile.Of(detections[first + i], 50), 2)
                            )
                    )
                    .ToList();
            }

            List<ModeLatency> modes = Modes(0);
            DetectorLatency? compared = baseline is null ? null : new DetectorLatency(baseline, Modes(1));
            var record = new BenchRecord(
                dataset.Directory,
                pictures.Count,
                rounds,
                configured.DetectorModel,
                modes,
                compared,
                compared is null ? null : WireJson.Round(compared.Modes[0].DetectMedianMs / modes[0].DetectMedianMs, 3)
            );
            if (json)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            }
            else
            {
                var table = new Table()
                    .Title(Markup.Escape($"{record.Dataset}: {record.Images} photos × {rounds} rounds"))
                    .AddColumns("detector", "mode", "OCR reads per plate", "median ms", "p90 ms", "× single", "detect median ms");
                var measured = new List<DetectorLatency> { new(record.Detector, modes) };
                if (compared is not null)
                {
                    measured.Add(compared);
                }

                foreach ((string detector, List<ModeLatency> rows) in measured)
                {
                    foreach (ModeLatency m in rows)
                    {
                        table.AddRow(
                            Markup.Escape(detector),
                            m.Mode,
                            $"{m.ReadsPerPlate}",
                            $"{m.MedianMs:F1}",
                            $"{m.P90Ms:F1}",
                            $"{m.RatioToSingle:F2}",
                            $"{m.DetectMedianMs:F1}"
                        );
                    }
                }

                AnsiConsole.Write(table);
            }

            return ExitCodes.Ok;
        }
        finally
        {
            foreach (BgrPicture m in pictures)
            {
                m.Dispose();
            }

            foreach (PlateRecognitionEngine e in engines)
            {
                e.Dispose();
            }
        }
    }

    /// <summary>
    /// The detector measured beside the configured one: the one asked for, else the model a derived
    /// detector is made from (so the gain of the derivation is measured in the same run), else none.
    /// </summary>
    private static string? Baseline(ModelManifest manifest, string configured, string? asked)
    {
        if (asked is not null)
        {
            if (asked == "none" || asked == configured)
            {
                return null;
            }

            manifest.Find(asked, ModelManifest.DetectorRole);
            return asked;
        }

        return manifest.Find(configured, ModelManifest.DetectorRole).Derived?.From;
    }

    /// <param name="Dataset">The photo folder.</param>
    /// <param name="Images">Photos measured.</param>
    /// <param name="Rounds">Passes over them.</param>
    /// <param name="Detector">The configured detector, which <paramref name="Modes"/> ran with.</param>
    /// <param name="Modes">Latency per reading mode with the configured detector.</param>
    /// <param name="Baseline">The same with the baseline detector, measured interleaved in the same run; null without one.</param>
    /// <param name="DetectSpeedup">Baseline's median detection time over the configured detector's (single mode).</param>
    private sealed record BenchRecord(
        string Dataset,
        int Images,
        int Rounds,
        string Detector,
        IReadOnlyList<ModeLatency> Modes,
        DetectorLatency? Baseline,
        double? DetectSpeedup
    );

    private sealed record DetectorLatency(string Detector, List<ModeLatency> Modes);

    private sealed record ModeLatency(string Mode, int ReadsPerPlate, double MedianMs, double P90Ms, double RatioToSingle, double DetectMedianMs);
}
