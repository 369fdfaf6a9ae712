using System.CommandLine;
using System.Globalization;
using EdgeAlpr.Recognition;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Commands;

/// <summary>
/// Command-line options shared by every command that runs the recognition engine. Each one,
/// when given, overrides the matching configuration key; when not, configuration decides.
/// </summary>
public sealed class EngineOptions
{
    public Option<string?> DetectorModel { get; } = new("--detector-model") { Description = "Detector model id from models/manifest.json" };

    public Option<string?> OcrModel { get; } = new("--ocr-model") { Description = "OCR model id: cct_xs_v2_global (default) or cct_xs_v1_global" };

    public Option<float?> Threshold { get; } = new("--threshold") { Description = "Minimum detector score, 0 to 1 (default 0.25)" };

    public Option<ReadingMode?> Mode { get; } =
        new("--mode") { Description = "Reading mode: single (one model, one crop), fast (default) or accuracy" };

    public Option<string[]> Variants { get; } =
        new("--variant")
        {
            Description =
                "Crop variant to read, repeatable, e.g. margin=0.1 or margin=0.15,rotate=-4 or margin=0.1,contrast=clahe (default: the mode's)",
        };

    public Option<string[]> FusionModels { get; } =
        new("--fusion-model") { Description = "OCR model fused with --ocr-model, repeatable (default: the mode's)" };

    public Option<bool?> Refine { get; } =
        new("--refine") { Description = "Refine plate boxes with a zoomed-in second detector pass: true or false (default: the mode's)" };

    public Option<bool?> Prior { get; } =
        new("--prior") { Description = "Re-rank candidates by the plate formats of the plate's region: true or false (default: the mode's)" };

    public Option<bool?> RegionRules { get; } =
        new("--region-rules")
        {
            Description = "Write readings as the plate's region prints them (e.g. US O as 0): true (default) or false, to measure the rules",
        };

    public Option<int?> Candidates { get; } = new("--candidates") { Description = "Alternative readings per plate, 1 to 20 (default 5)" };

    public Option<int?> Threads { get; } = new("--threads") { Description = "ONNX Runtime threads per model run; 0 lets the runtime choose" };

    public Option<ImagingChoice?> Imaging { get; } =
        new("--imaging") { Description = "Image library: auto (default), portable (every board) or opencv (linux-x64 only)" };

    public ModelSourceOptions Models { get; } = new();

    public void AddTo(Command command)
    {
        foreach (
            Option option in new Option[]
            {
                DetectorModel,
                OcrModel,
                Mode,
                Variants,
                FusionModels,
                Prior,
                RegionRules,
                Refine,
                Threshold,
                Candidates,
                Threads,
                Imaging,
            }
        )
        {
            command.Options.Add(option);
        }

        Models.AddTo(command);
    }

    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        Dictionary<string, string?> overrides = Models.Overrides(parse);
        Set(overrides, "Recognition:DetectorModel", parse.GetValue(DetectorModel));
        Set(overrides, "Recognition:OcrModel", parse.GetValue(OcrModel));
        Set(overrides, "Recognition:DetectionThreshold", parse.GetValue(Threshold));
        Set(overrides, "Recognition:Mode", parse.GetValue(Mode));
        Set(overrides, "Recognition:FormatPrior", parse.GetValue(Prior));
        Set(overrides, "Recognition:RegionRules", parse.GetValue(RegionRules));
        Set(overrides, "Recognition:RefineBoxes", parse.GetValue(Refine));
        SetList(overrides, "Recognition:CropVariants", parse.GetValue(Variants));
        SetList(overrides, "Recognition:FusionModels", parse.GetValue(FusionModels));
        Set(overrides, "Recognition:Candidates", parse.GetValue(Candidates));
        Set(overrides, "Recognition:IntraOpThreads", parse.GetValue(Threads));
        Set(overrides, "Recognition:Imaging", parse.GetValue(Imaging));
        return overrides;
    }

    public static void SetList(Dictionary<string, string?> overrides, string key, string[]? values)
    {
        for (int i = 0; i < (values?.Length ?? 0); i++)
        {
            overrides[$"{key}:{i}"] = values![i];
        }
    }

    public static void Set<T>(Dictionary<string, string?> overrides, string key, T? value)
    {
        if (value is not null)
        {
            overrides[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>Where model files are kept and fetched from; shared by every command that needs models.</summary>
public sealed class ModelSourceOptions
{
    public Option<string?> ModelsDirectory { get; } =
        new("--models-dir") { Description = "Folder holding the model files (default: the checkout's models/)" };

    public Option<string[]> Mirrors { get; } =
        new("--models-mirror")
        {
            Description = "Local folder with copies of the model files, tried before downloading (default: ../shared/models beside the checkout)",
            AllowMultipleArgumentsPerToken = false,
        };

    public Option<bool> NoDownload { get; } = new("--no-download") { Description = "Never download model files from upstream" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log progress and details on stderr" };

    public void AddTo(Command command)
    {
        command.Options.Add(ModelsDirectory);
        command.Options.Add(Mirrors);
        command.Options.Add(NoDownload);
        command.Options.Add(Verbose);
    }

    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        EngineOptions.Set(overrides, "Models:ModelsDirectory", parse.GetValue(ModelsDirectory));
        EngineOptions.SetList(overrides, "Models:MirrorDirectories", parse.GetValue(Mirrors));

        if (parse.GetValue(NoDownload))
        {
            overrides["Models:AllowDownload"] = "false";
        }

        return overrides;
    }

    public LogLevel? LogLevel(ParseResult parse) => parse.GetValue(Verbose) ? Microsoft.Extensions.Logging.LogLevel.Debug : null;
}
