using System.CommandLine;
using System.Diagnostics;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Hosting.Imaging;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;
using EdgeAlpr.Recognition.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr bench imaging --dataset DIR</c>: the image libraries side by side on the same
/// photos in one run, interleaved per photo: decode, detection (letterbox included) and OCR
/// (crops included) medians, and how many photos read the same text with each. The measurement
/// behind <c>Recognition:Imaging</c>'s <c>auto</c>.
/// </summary>
internal static class ImagingBench
{
    public static Command Create()
    {
        var photos = new PhotoBenchOptions();
        var command = new Command(
            "imaging",
            "Decode, detection and OCR latency and reads of the portable and OpenCV image libraries, measured together"
        );
        photos.Attach(command, (services, parse, token) =>
            RunAsync(services, parse.GetValue(photos.Dataset)!, parse.GetValue(photos.Rounds), parse.GetValue(photos.Json), token)
        );
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string folder, int rounds, bool json, CancellationToken cancellationToken)
    {
        Dataset dataset = Dataset.Load(folder);
        RecognitionOptions options = services.GetRequiredService<IOptions<RecognitionOptions>>().Value;
        ModelFetcher fetcher = services.GetRequiredService<ModelFetcher>();
        ILogger logger = services.GetRequiredService<ILogger<PlateRecognitionEngine>>();
        var libraries = new List<IPictureOperations> { PictureOperationsChoice.Create(ImagingChoice.Portable) };
        string? missing = null;
        try
        {
            libraries.Add(PictureOperationsChoice.Create(ImagingChoice.OpenCv));
        }
        catch (DllNotFoundException ex)
        {
            missing = ex.Message;
        }

        var engines = new List<PlateRecognitionEngine>();
        try
        {
            foreach (IPictureOperations library in libraries)
            {
                engines.Add(await PlateRecognitionEngine.CreateAsync(options, fetcher, library, logger, cancellationToken).ConfigureAwait(false));
            }

            byte[][] photos = [.. dataset.Images.Select(i => File.ReadAllBytes(i.ImagePath))];
            var samples = libraries.Select(_ => new Samples()).ToArray();
            var texts = libraries.Select(_ => new string[photos.Length]).ToArray();
            InterleavedRounds.Run(
                rounds,
                photos.Length,
                engines.Count,
                (e, p) =>
                {
                    long start = Stopwatch.GetTimestamp();
                    using BgrPicture picture = engines[e].Decode(photos[p]);
                    double decodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    Core.Recognition.RecognitionResult result = engines[e].Recognize(picture, decodeMs);
                    samples[e].Add(result.Timings);
                    texts[e][p] = string.Join(' ', result.Plates.Select(x => x.Text));
                },
                cancellationToken
            );

            double? reference = samples.Length > 1 ? samples[1].Median(s => s.Total) : null;
            var record = new ImagingRecord(
                dataset.Directory,
                photos.Length,
                rounds,
                [
                    .. libraries.Select(
                        (l, i) =>
                            new LibraryLatency(
                                l.Name,
                                samples[i].Median(s => s.DecodeMs),
                                samples[i].Median(s => s.DetectMs),
                                samples[i].Median(s => s.OcrMs),
                                samples[i].Median(s => s.Total),
                                reference is { } r ? WireJson.Round(samples[i].Median(s => s.Total) / r, 3) : null
                            )
                    ),
                ],
                texts.Length > 1 ? Enumerable.Range(0, photos.Length).Count(p => texts[0][p] == texts[1][p]) : null,
                missing
            );
            Console.Out.WriteLine(
                json
                    ? WireJson.Line(record)
                    : string.Join(
                        Environment.NewLine,
                        record.Libraries.Select(l =>
                            $"{l.Imaging, -9} decode {l.DecodeMs, 6:F1} ms  detect {l.DetectMs, 6:F1} ms  ocr {l.OcrMs, 6:F1} ms  total {l.TotalMs, 6:F1} ms"
                        )
                    )
            );
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (PlateRecognitionEngine e in engines)
            {
                e.Dispose();
            }
        }
    }

    private sealed class Samples : List<(double DecodeMs, double DetectMs, double OcrMs, double Total)>
    {
        public void Add(Core.Recognition.StageTimings t) => Add((t.DecodeMs, t.DetectMs, t.OcrMs, t.DecodeMs + t.DetectMs + t.OcrMs));

        public double Median(Func<(double DecodeMs, double DetectMs, double OcrMs, double Total), double> of) =>
            WireJson.Round(Percentile.Of([.. this.Select(of)], 50), 2);
    }

    private sealed record ImagingRecord(
        string Dataset,
        int Images,
        int Rounds,
        IReadOnlyList<LibraryLatency> Libraries,
        int? SameReads,
        string? OpenCvUnavailable
    );

    private sealed record LibraryLatency(string Imaging, double DecodeMs, double DetectMs, double OcrMs, double TotalMs, double? RatioToOpencv);
}
