using System.Buffers;
using System.Diagnostics;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Recognition.Fusion;
using EdgeAlpr.Inference.Onnx;
using EdgeAlpr.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EdgeAlpr.Recognition;

/// <summary>
/// Reads plates from pictures: detect plate boxes; cut every plate as each crop variant of
/// the reading plan says; read all crops of a frame in one run per OCR model; fuse each
/// plate's readings per character; decode text, confidences and candidates; name the region;
/// re-rank by plate formats; write the reading as the region prints it. One ONNX session per model, shared by all callers (sessions are
/// safe to run concurrently); tensor buffers are pooled per call.
/// </summary>
public sealed partial class PlateRecognitionEngine : IDisposable
{
    /// <summary>Candidates the beam offers the format prior, so a fitting reading a little further down can still be chosen.</summary>
    private const int RerankPool = 10;

    /// <summary>A refined box must overlap the first detection this much to replace it.</summary>
    private const float MinRefineOverlap = 0.3f;

    private readonly OnnxPlateDetector _detector;
    private readonly IReadOnlyList<OnnxPlateOcr> _ocrs;
    private readonly SlotDecoder _decoder;
    private readonly OcrModelSpec _fusedSpec;
    private readonly PlateFormatPrior? _prior;
    private readonly PlateRegionRules? _regionRules;
    private readonly RecognitionOptions _options;
    private readonly IPictureOperations _pictures;

    /// <param name="detector">The plate detector.</param>
    /// <param name="ocrs">The plan's OCR models, primary first; they must share one alphabet and padding symbol.</param>
    /// <param name="plan">The reading mode's plan: crop variants and model weights.</param>
    /// <param name="options">Thresholds, candidates and the format prior.</param>
    /// <param name="pictures">The picture operations (decode, letterbox, crops).</param>
    /// <param name="logger">Where the engine logs, or nowhere.</param>
    public PlateRecognitionEngine(
        OnnxPlateDetector detector,
        IReadOnlyList<OnnxPlateOcr> ocrs,
        ReadingPlan plan,
        RecognitionOptions options,
        IPictureOperations pictures,
        ILogger? logger = null
    )
    {
        ArgumentNullException.ThrowIfNull(pictures);
        if (ocrs.Count == 0)
        {
            throw new ArgumentException("at least one OCR model is needed", nameof(ocrs));
        }

        OcrModelSpec primary = ocrs[0].Spec;
        foreach (OnnxPlateOcr other in ocrs.Skip(1))
        {
            if (other.Spec.Alphabet != primary.Alphabet || other.Spec.PadChar != primary.PadChar)
            {
                throw new ModelLoadException(
                    $"OCR models {ocrs[0].ModelPath} and {other.ModelPath} cannot be fused: their alphabets or padding symbols differ"
                );
            }
        }

        _detector = detector;
        _ocrs = ocrs;
        _options = options;
        _pictures = pictures;
        Plan = plan;
        _fusedSpec = primary with { MaxPlateSlots = ocrs.Max(o => o.Spec.MaxPlateSlots) };
        _decoder = new SlotDecoder(_fusedSpec);
        _prior = plan.FormatPrior && primary.PlateRegions.Count > 0 && ocrs[0].HasRegionHead ? new PlateFormatPrior() : null;
        _regionRules = options.RegionRules && primary.PlateRegions.Count > 0 && ocrs[0].HasRegionHead ? PlateRegionRules.BuiltIn : null;
        if (options.WarmUp)
        {
            long start = Stopwatch.GetTimestamp();
            WarmUp();
            LogWarmedUp(logger ?? NullLogger.Instance, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>The primary OCR model's conventions.</summary>
    public OcrModelSpec OcrSpec => _ocrs[0].Spec;

    /// <summary>
    /// The conventions of <see cref="RecognizedPlate.SlotProbabilities"/>: the primary's alphabet, the most slots
    /// of any fused model.
    /// </summary>
    public OcrModelSpec FusedSpec => _fusedSpec;

    public ReadingPlan Plan { get; }

    public RecognitionOptions Options => _options;

    /// <summary>The picture operations this engine cuts its inputs with.</summary>
    public IPictureOperations Pictures => _pictures;

    /// <summary>
    /// The rules that write readings as their region prints them, null when off or without a region head;
    /// whatever re-decodes this engine's slot probabilities (the tracker) applies them too.
    /// </summary>
    public PlateRegionRules? RegionRules => _regionRules;

    /// <summary>Fetches the configured models if needed (verified by SHA-256), loads and warms them up.</summary>
    public static async Task<PlateRecognitionEngine> CreateAsync(
        RecognitionOptions options,
        ModelFetcher models,
        IPictureOperations pictures,
        ILogger? logger,
        CancellationToken cancellationToken
    )
    {
        ReadingPlan plan = ReadingPlan.Resolve(options);
        ModelPaths detectorFiles = await models
            .EnsureAsync(models.Manifest.Find(options.DetectorModel, ModelManifest.DetectorRole), cancellationToken)
            .ConfigureAwait(false);
        var ocrFiles = new List<ModelPaths>();
        foreach (string id in plan.OcrModels)
        {
            ocrFiles.Add(await models.EnsureAsync(models.Manifest.Find(id, ModelManifest.OcrRole), cancellationToken).ConfigureAwait(false));
        }

        var threading = new OnnxThreading(options.IntraOpThreads, options.InterOpThreads);
        var loaded = new List<IDisposable>();
        try
        {
            var detector = new OnnxPlateDetector(detectorFiles.WeightsPath, threading);
            loaded.Add(detector);
            var ocrs = new List<OnnxPlateOcr>();
            foreach (ModelPaths files in ocrFiles)
            {
                var ocr = new OnnxPlateOcr(files.WeightsPath, OcrSpecLoader.Load(files.ConfigPath!), threading);
                loaded.Add(ocr);
                ocrs.Add(ocr);
            }

            return new PlateRecognitionEngine(detector, ocrs, plan, options, pictures, logger);
        }
        catch
        {
            foreach (IDisposable d in loaded)
            {
                d.Dispose();
            }

            throw;
        }
    }

    /// <summary>Decodes an encoded image (JPEG, PNG, …) and reads its plates.</summary>
    /// <exception cref="Core.Imaging.InvalidImageException">The bytes are not a complete, decodable image.</exception>
    public RecognitionResult Recognize(byte[] encoded)
    {
        long start = Stopwatch.GetTimestamp();
        using BgrPicture image = Decode(encoded);
        double decodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return Recognize(image, decodeMs);
    }

    /// <summary>Decodes an encoded image once, to be read many times (<c>edge-alpr bench modes</c> reads each photo in every mode).</summary>
    /// <exception cref="Core.Imaging.InvalidImageException">The bytes are not a complete, decodable image, or it is too large.</exception>
    public BgrPicture Decode(byte[] encoded) => _pictures.Decode(encoded, _options.MaxPicturePixels);

    /// <summary>Reads the plates in a decoded picture.</summary>
    public RecognitionResult Recognize(BgrPicture bgr, double decodeMs = 0)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        long start = Stopwatch.GetTimestamp();
        List<(BoundingBox Box, float Score)> found = Detect(bgr, bgr.Bounds);
        BoundingBox[]? refined = Plan.RefineBoxes ? Refine(bgr, found) : null;

        double detectMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        List<RecognizedPlate> plates = found.Count == 0 ? [] : Read(bgr, found, refined);
        double ocrMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        return new RecognitionResult(bgr.Width, bgr.Height, plates, new StageTimings(decodeMs, detectMs, ocrMs));
    }

    public void Dispose()
    {
        _detector.Dispose();
        foreach (OnnxPlateOcr ocr in _ocrs)
        {
            ocr.Dispose();
        }
    }

    private List<(BoundingBox Box, float Score)> Detect(BgrPicture bgr, PixelRect region)
    {
        var letterbox = LetterboxTransform.Compute(region.Width, region.Height, _detector.InputSize);
        float[] input = ArrayPool<float>.Shared.Rent(_detector.InputLength);
        try
        {
            _pictures.WriteLetterbox(bgr, region, letterbox, input);
            List<RawDetection> raw = _detector.Detect(input, _options.DetectionThreshold);
            var boxes = new List<(BoundingBox, float)>(Math.Min(raw.Count, _options.MaxPlatesPerImage));
            foreach (RawDetection d in raw)
            {
                BoundingBox box = letterbox.ToSource(d.Box);
                if (box.Width >= _options.MinPlatePixels && box.Height >= _options.MinPlatePixels)
                {
                    boxes.Add((box, d.Score));
                    if (boxes.Count == _options.MaxPlatesPerImage)
                    {
                        break;
                    }
                }
            }

            return boxes;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>
    /// Re-detects each plate inside a region three times its size, where the plate fills a
    /// large part of the detector's input instead of a few pixels of it; returns, per plate,
    /// the box found there when it overlaps the first one (else the first box again). Both
    /// boxes are read: each errs differently, and the fusion gains from the difference.
    /// </summary>
    private BoundingBox[] Refine(BgrPicture bgr, List<(BoundingBox Box, float Score)> found)
    {
        var refined = new BoundingBox[found.Count];
        for (int i = 0; i < found.Count; i++)
        {
            BoundingBox box = found[i].Box;
            PixelRect region = box.Expand(1f).ToPixelRect(bgr.Width, bgr.Height);
            refined[i] = box;
            if (region.IsEmpty)
            {
                continue;
            }

            BoundingBox best = box;
            float bestIou = MinRefineOverlap;
            foreach ((BoundingBox local, float _) in Detect(bgr, region))
            {
                var global = new BoundingBox(local.X1 + region.X, local.Y1 + region.Y, local.X2 + region.X, local.Y2 + region.Y);
                float iou = global.IntersectionOverUnion(box);
                if (iou > bestIou)
                {
                    (best, bestIou) = (global, iou);
                }
            }

            refined[i] = best;
        }

        return refined;
    }

    private List<RecognizedPlate> Read(BgrPicture bgr, List<(BoundingBox Box, float Score)> found, BoundingBox[]? refined)
    {
        // Per plate: every variant of its box, then (when refined) every variant of the refined box.
        int perBox = Plan.Variants.Count;
        int perPlate = Plan.CropsPerPlate;
        var crops = new PlateCrop[found.Count * perPlate];
        for (int i = 0; i < found.Count; i++)
        {
            for (int v = 0; v < perPlate; v++)
            {
                BoundingBox box = v < perBox ? found[i].Box : refined![i];
                crops[(i * perPlate) + v] = new PlateCrop(box, Plan.Variants[v % perBox]);
            }
        }

        OcrBatchOutput[] outputs = RunOcr(bgr, crops);
        int classes = _fusedSpec.Alphabet.Length;
        int fusedStride = _fusedSpec.MaxPlateSlots * classes;
        float[] fused = ArrayPool<float>.Shared.Rent(fusedStride);
        try
        {
            var plates = new List<RecognizedPlate>(found.Count);
            var readings = new List<SlotReading>(Plan.ReadsPerPlate);
            for (int i = 0; i < found.Count; i++)
            {
                readings.Clear();
                for (int m = 0; m < _ocrs.Count; m++)
                {
                    int stride = _ocrs[m].Spec.MaxPlateSlots * classes;
                    for (int v = 0; v < perPlate; v++)
                    {
                        int crop = (i * perPlate) + v;
                        readings.Add(
                            new SlotReading(
                                outputs[m].PlateProbabilities.AsMemory(crop * stride, stride),
                                _ocrs[m].Spec.MaxPlateSlots,
                                ReadingPlan.ModelWeight(m)
                            )
                        );
                    }
                }

                Span<float> probabilities = fused.AsSpan(0, fusedStride);
                if (readings.Count == 1 && readings[0].Slots == _fusedSpec.MaxPlateSlots)
                {
                    readings[0].Probabilities.Span.CopyTo(probabilities);
                }
                else
                {
                    SlotFusion.Fuse(readings, _fusedSpec.MaxPlateSlots, classes, _fusedSpec.PadIndex, probabilities);
                }

                float[]? regions = RegionProbabilities(outputs[0], i, perPlate);
                plates.Add(Decode(found[i], probabilities, regions));
            }

            return plates;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(fused);
        }
    }

    /// <summary>Runs every OCR model over every crop; models with the same input conventions share one written batch.</summary>
    private OcrBatchOutput[] RunOcr(BgrPicture bgr, PlateCrop[] crops)
    {
        var outputs = new OcrBatchOutput[_ocrs.Count];
        byte[]? batch = null;
        OcrModelSpec? written = null;
        try
        {
            for (int m = 0; m < _ocrs.Count; m++)
            {
                OnnxPlateOcr ocr = _ocrs[m];
                if (written is null || !SameInput(written, ocr.Spec))
                {
                    if (batch is not null)
                    {
                        ArrayPool<byte>.Shared.Return(batch);
                    }

                    batch = ArrayPool<byte>.Shared.Rent(crops.Length * ocr.ImageLength);
                    _pictures.WritePlateCrops(bgr, crops, ocr.Spec, batch);
                    written = ocr.Spec;
                }

                outputs[m] = ocr.Run(batch!, crops.Length);
            }

            return outputs;
        }
        finally
        {
            if (batch is not null)
            {
                ArrayPool<byte>.Shared.Return(batch);
            }
        }
    }

    private static bool SameInput(OcrModelSpec a, OcrModelSpec b) =>
        a.ImageWidth == b.ImageWidth && a.ImageHeight == b.ImageHeight && a.ColorMode == b.ColorMode && a.Interpolation == b.Interpolation;

    /// <summary>The primary model's region probabilities for one plate, averaged over its crops; null without a region head.</summary>
    private float[]? RegionProbabilities(OcrBatchOutput primary, int plate, int variants)
    {
        if (primary.RegionProbabilities is not { } all)
        {
            return null;
        }

        int regions = _ocrs[0].Spec.PlateRegions.Count;
        var mean = new float[regions];
        for (int v = 0; v < variants; v++)
        {
            ReadOnlySpan<float> p = all.AsSpan(((plate * variants) + v) * regions, regions);
            for (int r = 0; r < regions; r++)
            {
                mean[r] += p[r] / variants;
            }
        }

        return mean;
    }

    private RecognizedPlate Decode((BoundingBox Box, float Score) found, ReadOnlySpan<float> probabilities, float[]? regions)
    {
        RegionGuess? region = regions is null ? null : BestRegion(regions);
        DecodedPlate reading;
        if (_prior is null || regions is null)
        {
            reading = _decoder.Decode(probabilities, _options.Candidates);
        }
        else
        {
            DecodedPlate decoded = _decoder.Decode(probabilities, Math.Max(_options.Candidates, RerankPool));
            IReadOnlyList<PlateCandidate> reranked = _prior.ChooseBest(decoded.Candidates, _ocrs[0].Spec.PlateRegions, regions);
            PlateCandidate best = reranked[0];
            IReadOnlyList<float> chars = best.Text == decoded.Text ? decoded.CharConfidences : _decoder.CharConfidences(best.Text, probabilities);
            reading = new DecodedPlate(best.Text, best.Probability, chars, reranked.Take(_options.Candidates).ToList());
        }

        // After the prior, which chose among the readings as the model saw them; the rule only rewrites the choice.
        if (_regionRules is not null)
        {
            reading = _regionRules.For(region).Apply(reading, _fusedSpec, probabilities);
        }

        return new RecognizedPlate(found.Box, found.Score, reading.Text, reading.Confidence, reading.CharConfidences, reading.Candidates, region)
        {
            SlotProbabilities = probabilities.ToArray(),
        };
    }

    private RegionGuess BestRegion(ReadOnlySpan<float> probabilities)
    {
        int best = Probabilities.ArgMax(probabilities);
        return new RegionGuess(_ocrs[0].Spec.PlateRegions[best], probabilities[best]);
    }

    private void WarmUp()
    {
        using BgrPicture blank = BgrPicture.Filled(_detector.InputSize, _detector.InputSize, 114, 114, 114);
        Detect(blank, blank.Bounds);
        foreach (OnnxPlateOcr ocr in _ocrs)
        {
            ocr.Run(new byte[ocr.ImageLength], 1);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recognition models warmed up in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);
}
