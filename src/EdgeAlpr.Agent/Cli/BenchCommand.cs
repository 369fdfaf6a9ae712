using System.CommandLine;
using System.Diagnostics;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;
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
/// the machine's noise falls on all of them alike.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder of photos (NAME.jpg with NAME.txt, as for eval)", Required = true };
        var rounds = new Option<int>("--rounds") { Description = "Passes over the photos (default 2)", DefaultValueFactory = _ => 2 };
        rounds.Between(1, 100);
        var json = new Option<bool>("--json") { Description = "Print one JSON summary as the last stdout line instead of a table" };
        var engine = new EngineOptions();
        var modes = new Command("modes", "Latency of the single, fast and accuracy reading modes, measured together");
        modes.Options.Add(dataset);
        modes.Options.Add(rounds);
        modes.Options.Add(json);
        engine.AddTo(modes);
        modes.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    engine.Overrides(parse),
                    engine.Models.LogLevel(parse),
                    (services, token) => RunAsync(services, parse.GetValue(dataset)!, parse.GetValue(rounds), parse.GetValue(json), token),
                    ct
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
        bench.Subcommands.Add(PolicyBench.Create());
        bench.Subcommands.Add(ConsoleBench.Create());
        return bench;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string folder, int rounds, bool json, CancellationToken cancellationToken)
    {
        Dataset dataset = Dataset.Load(folder);
        RecognitionOptions configured = services.GetRequiredService<IOptions<RecognitionOptions>>().Value;
        ModelFetcher fetcher = services.GetRequiredService<ModelFetcher>();
        ILogger logger = services.GetRequiredService<ILogger<PlateRecognitionEngine>>();
        ReadingMode[] all = Enum.GetValues<ReadingMode>();
        var engines = new List<PlateRecognitionEngine>();
        var pictures = new List<BgrPicture>();
        IPictureOperations imaging = services.GetRequiredService<IPictureOperations>();
        try
        {
            foreach (ReadingMode mode in all)
            {
                // Each mode as its preset defines it; only model choice and threads carry over.
                var options = new RecognitionOptions
                {
                    DetectorModel = configured.DetectorModel,
                    OcrModel = configured.OcrModel,
                    Mode = mode,
                    DetectionThreshold = configured.DetectionThreshold,
                    Candidates = configured.Candidates,
                    IntraOpThreads = configured.IntraOpThreads,
                    InterOpThreads = configured.InterOpThreads,
                };
                engines.Add(await PlateRecognitionEngine.CreateAsync(options, fetcher, imaging, logger, cancellationToken).ConfigureAwait(false));
            }

            foreach (DatasetImage image in dataset.Images)
            {
                pictures.Add(engines[0].Decode(await File.ReadAllBytesAsync(image.ImagePath, cancellationToken).ConfigureAwait(false)));
            }

            var latencies = all.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < rounds; round++)
            {
                for (int p = 0; p < pictures.Count; p++)
                {
                    // Rotate which mode goes first, so none always runs on a cold cache.
                    for (int k = 0; k < engines.Count; k++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int e = (k + p + round) % engines.Count;
                        long start = Stopwatch.GetTimestamp();
                        engines[e].Recognize(pictures[p]);
                        latencies[e].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            }

            double baseline = Percentile.Of(latencies[0], 50);
            var record = new BenchRecord(
                dataset.Directory,
                pictures.Count,
                rounds,
                all.Select(
                        (mode, i) =>
                            new ModeLatency(
                                mode.ToString().ToLowerInvariant(),
                                engines[i].Plan.ReadsPerPlate,
                                WireJson.Round(Percentile.Of(latencies[i], 50), 2),
                                WireJson.Round(Percentile.Of(latencies[i], 90), 2),
                                WireJson.Round(Percentile.Of(latencies[i], 50) / baseline, 3)
                            )
                    )
                    .ToList()
            );
            if (json)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            }
            else
            {
                var table = new Table()
                    .Title(Markup.Escape($"{record.Dataset}: {record.Images} photos × {rounds} rounds"))
                    .AddColumns("mode", "OCR reads per plate", "median ms", "p90 ms", "× single");
                foreach (ModeLatency m in record.Modes)
                {
                    table.AddRow(m.Mode, $"{m.ReadsPerPlate}", $"{m.MedianMs:F1}", $"{m.P90Ms:F1}", $"{m.RatioToSingle:F2}");
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

    private sealed record BenchRecord(string Dataset, int Images, int Rounds, IReadOnlyList<ModeLatency> Modes);

    private sealed record ModeLatency(string Mode, int ReadsPerPlate, double MedianMs, double P90Ms, double RatioToSingle);
}
