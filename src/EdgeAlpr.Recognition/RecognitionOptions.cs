using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Recognition;

/// <summary>Settings of the plate recognition engine (configuration section <c>Recognition</c>).</summary>
public sealed class RecognitionOptions
{
    public const string Section = "Recognition";

    /// <summary>
    /// Detector model id from the model manifest. The default is the float detector derived at fetch from the
    /// int8 one (same weights, faster on ONNX Runtime's CPU kernels); <c>yolo-v9-t-416-license-plates-end2end-int8</c>
    /// runs the original.
    /// </summary>
    public string DetectorModel { get; set; } = DefaultDetector;

    public const string DefaultDetector = "yolo-v9-t-416-license-plates-end2end-float";

    /// <summary>Primary OCR model id from the model manifest (its region head, if any, names the plate's region).</summary>
    public string OcrModel { get; set; } = "cct_xs_v2_global";

    /// <summary>Detector boxes scoring below this are dropped (0 to 1).</summary>
    public float DetectionThreshold { get; set; } = 0.25f;

    /// <summary>How much work goes into each plate: single, fast (default) or accuracy.</summary>
    public ReadingMode Mode { get; set; } = ReadingMode.Fast;

    /// <summary>OCR models fused with <see cref="OcrModel"/>; null takes the mode's choice.</summary>
    public List<string>? FusionModels { get; set; }

    /// <summary>
    /// Crops read per plate, e.g. <c>margin=0.1</c>, <c>margin=0.15,rotate=-4</c>,
    /// <c>margin=0.1,contrast=clahe</c>; null or empty takes the mode's choice.
    /// </summary>
    public List<string>? CropVariants { get; set; }

    /// <summary>Re-rank candidates by plate formats of the plate's region; null takes the mode's choice.</summary>
    public bool? FormatPrior { get; set; }

    /// <summary>
    /// Write each reading as its region prints it (the region's rules in <c>plate-regions.json</c>,
    /// e.g. the United States' O as 0), keeping the reading as recognised among the candidates;
    /// off only to measure what the rules change.
    /// </summary>
    public bool RegionRules { get; set; } = true;

    /// <summary>Refine each plate box with a second detector pass on a zoomed-in region; null takes the mode's choice.</summary>
    public bool? RefineBoxes { get; set; }

    /// <summary>Boxes narrower or shorter than this many source pixels are not read.</summary>
    public int MinPlatePixels { get; set; } = 4;

    /// <summary>At most this many plates (best detector scores first) are read per image.</summary>
    public int MaxPlatesPerImage { get; set; } = 32;

    /// <summary>How many alternative readings each plate carries (1 to 20).</summary>
    public int Candidates { get; set; } = 5;

    /// <summary>Threads ONNX Runtime uses inside one model run; 0 lets the runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads ONNX Runtime uses across independent graph nodes.</summary>
    public int InterOpThreads { get; set; } = 1;

    /// <summary>
    /// Pictures whose header declares more pixels than this are refused before they are decoded
    /// (<c>recognize</c>, <c>eval</c>, picture-folder cameras): a decompression bomb is a small file.
    /// </summary>
    public long MaxPicturePixels { get; set; } = PictureHeader.DefaultMaxPixels;

    /// <summary>Run each model once on a blank input at start, so the first real frame is not slow.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// Which image library cuts the models' inputs, decodes photos and encodes evidence: <c>auto</c>
    /// (the measured choice for this machine, see docs/recognition.md), <c>portable</c> (SkiaSharp and
    /// managed code, every board) or <c>opencv</c> (linux-x64 only, where the feed has its runtime).
    /// </summary>
    public ImagingChoice Imaging { get; set; } = ImagingChoice.Auto;
}
