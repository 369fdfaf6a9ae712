using System.Buffers;
using System.Diagnostics;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Inference.Onnx;
using EdgeAlpr.Models;
using EdgeAlpr.Vision.OpenCv;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EdgeAlpr.Recognition;

/// <summary>
/// Reads plates from pictures: detect plate boxes, crop each, read all crops in one OCR run,
/// decode text, confidences, candidates and region. One ONNX session per model, shared by all
/// callers (sessions are safe to run concurrently); tensor buffers are pooled per call.
/// </summary>
public sealed partial class PlateRecognitionEngine : IDisposable
{
    private readonly OnnxPlateDetector _detector;
    private readonly OnnxPlateOcr _ocr;
    private readonly SlotDecoder _decoder;
    private readonly RecognitionOptions _options;

    public PlateRecognitionEngine(
        OnnxPlateDetector detector, OnnxPlateOcr ocr, RecognitionOptions options, ILogger? logger = null)
    {
        _detector = detector;
        _ocr = ocr;
        _options = options;
        _decoder = new SlotDecoder(ocr.Spec);
        if (options.WarmUp)
        {
            long start = Stopwatch.GetTimestamp();
            WarmUp();
            LogWarmedUp(logger ?? NullLogger.Instance, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    public OcrModelSpec OcrSpec => _ocr.Spec;

    public RecognitionOptions Options => _options;

    /// <summary>Fetches the configured models if needed (verified by SHA-256), loads and warms them up.</summary>
    public static async Task<PlateRecognitionEngine> CreateAsync(
        RecognitionOptions options, ModelFetcher models, ILogger? logger, CancellationToken cancellationToken)
    {
        ModelPaths detectorFiles = await models
            .EnsureAsync(models.Manifest.Find(options.DetectorModel, ModelManifest.DetectorRole), cancellationToken)
            .ConfigureAwait(false);
        ModelPaths ocrFiles = await models
            .EnsureAsync(models.Manifest.Find(options.OcrModel, ModelManifest.OcrRole), cancellationToken)
            .ConfigureAwait(false);
        var threading = new OnnxThreading(options.IntraOpThreads, options.InterOpThreads);
        OcrModelSpec spec = OcrSpecLoader.Load(ocrFiles.ConfigPath!);
        var detector = new OnnxPlateDetector(detectorFiles.WeightsPath, threading);
        try
        {
            var ocr = new OnnxPlateOcr(ocrFiles.WeightsPath, spec, threading);
            try
            {
                return new PlateRecognitionEngine(detector, ocr, options, logger);
            }
            catch
            {
                ocr.Dispose();
                throw;
            }
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }

    /// <summary>Decodes an encoded image (JPEG, PNG, …) and reads its plates.</summary>
    /// <exception cref="Core.Imaging.InvalidImageException">The bytes are not a complete, decodable image.</exception>
    public RecognitionResult Recognize(byte[] encoded)
    {
        long start = Stopwatch.GetTimestamp();
        using Mat image = ImageDecoder.Decode(encoded);
        double decodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return Recognize(image, decodeMs);
    }

    /// <summary>Reads the plates in a decoded 8-bit BGR picture.</summary>
    public RecognitionResult Recognize(Mat bgr, double decodeMs = 0)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.Empty() || bgr.Width <= 0 || bgr.Height <= 0)
        {
            throw new ArgumentException("the picture is empty (zero size)", nameof(bgr));
        }

        long start = Stopwatch.GetTimestamp();
        List<(BoundingBox Box, float Score)> found = Detect(bgr);
        double detectMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        List<RecognizedPlate> plates = found.Count == 0 ? [] : Read(bgr, found);
        double ocrMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        return new RecognitionResult(bgr.Width, bgr.Height, plates, new StageTimings(decodeMs, detectMs, ocrMs));
    }

    public void Dispose()
    {
        _detector.Dispose();
        _ocr.Dispose();
    }

    private List<(BoundingBox Box, float Score)> Detect(Mat bgr)
    {
        var letterbox = LetterboxTransform.Compute(bgr.Width, bgr.Height, _detector.InputSize);
        float[] input = ArrayPool<float>.Shared.Rent(_detector.InputLength);
        try
        {
            LetterboxTensorWriter.Write(bgr, letterbox, input);
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

    private List<RecognizedPlate> Read(Mat bgr, List<(BoundingBox Box, float Score)> found)
    {
        var crops = new PixelRect[found.Count];
        for (int i = 0; i < found.Count; i++)
        {
            crops[i] = found[i].Box.Expand(_options.CropMargin).ToPixelRect(bgr.Width, bgr.Height);
        }

        byte[] batch = ArrayPool<byte>.Shared.Rent(found.Count * _ocr.ImageLength);
        OcrBatchOutput output;
        try
        {
            PlateCropWriter.Write(bgr, crops, _ocr.Spec, batch);
            output = _ocr.Run(batch, found.Count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
        }

        int stride = _decoder.PlateStride;
        int regions = _ocr.Spec.PlateRegions.Count;
        var plates = new List<RecognizedPlate>(found.Count);
        for (int i = 0; i < found.Count; i++)
        {
            DecodedPlate text = _decoder.Decode(output.PlateProbabilities.AsSpan(i * stride, stride), _options.Candidates);
            RegionGuess? region = output.RegionProbabilities is { } r
                ? BestRegion(r.AsSpan(i * regions, regions))
                : null;
            plates.Add(new RecognizedPlate(
                found[i].Box, found[i].Score, text.Text, text.Confidence, text.CharConfidences, text.Candidates, region));
        }

        return plates;
    }

    private RegionGuess BestRegion(ReadOnlySpan<float> probabilities)
    {
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[best])
            {
                best = i;
            }
        }

        return new RegionGuess(_ocr.Spec.PlateRegions[best], probabilities[best]);
    }

    private void WarmUp()
    {
        using var blank = new Mat(_detector.InputSize, _detector.InputSize, MatType.CV_8UC3, Scalar.All(114));
        Detect(blank);
        byte[] batch = new byte[_ocr.ImageLength];
        _ocr.Run(batch, 1);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recognition models warmed up in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);
}
