using EdgeAlpr.Core.Recognition;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EdgeAlpr.Inference.Onnx;

/// <summary>Reads an OCR model's plate config (the YAML shipped beside fast-plate-ocr models).</summary>
public static class OcrSpecLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static OcrModelSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"OCR plate config not found: {path} (run 'edge-alpr models fetch')");
        }

        PlateConfig? config;
        try
        {
            config = Yaml.Deserialize<PlateConfig>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            throw new ModelLoadException($"OCR plate config {path} is not valid YAML: {ex.Message}", ex);
        }

        if (config is null)
        {
            throw new ModelLoadException($"OCR plate config {path} is empty");
        }

        var problems = new List<string>();
        if (config.MaxPlateSlots is null)
        {
            problems.Add("max_plate_slots is missing");
        }

        if (config.Alphabet is null)
        {
            problems.Add("alphabet is missing");
        }

        if (config.PadChar is not { Length: 1 })
        {
            problems.Add("pad_char must be exactly one character");
        }

        if (config.ImgHeight is null || config.ImgWidth is null)
        {
            problems.Add("img_height and img_width are required");
        }

        OcrColorMode color = OcrColorMode.Rgb;
        if (config.ImageColorMode is { } mode && !TryParseColor(mode, out color))
        {
            problems.Add($"image_color_mode must be 'rgb' or 'grayscale', got '{mode}'");
        }

        OcrInterpolation interpolation = OcrInterpolation.Linear;
        if (config.Interpolation is { } interp && !Enum.TryParse(interp, ignoreCase: true, out interpolation))
        {
            problems.Add($"interpolation must be one of nearest, linear, cubic, area, lanczos4, got '{interp}'");
        }

        if (problems.Count > 0)
        {
            throw new ModelLoadException($"OCR plate config {path}: {string.Join("; ", problems)}");
        }

        var spec = new OcrModelSpec
        {
            MaxPlateSlots = config.MaxPlateSlots!.Value,
            Alphabet = config.Alphabet!,
            PadChar = config.PadChar![0],
            ImageHeight = config.ImgHeight!.Value,
            ImageWidth = config.ImgWidth!.Value,
            KeepAspectRatio = config.KeepAspectRatio ?? false,
            Interpolation = interpolation,
            ColorMode = color,
            PlateRegions = config.PlateRegions ?? [],
        };
        IReadOnlyList<string> invalid = spec.Validate();
        if (invalid.Count > 0)
        {
            throw new ModelLoadException($"OCR plate config {path}: {string.Join("; ", invalid)}");
        }

        return spec;
    }

    private static bool TryParseColor(string mode, out OcrColorMode color)
    {
        switch (mode.Trim().ToLowerInvariant())
        {
            case "rgb":
                color = OcrColorMode.Rgb;
                return true;
            case "grayscale" or "gray" or "greyscale":
                color = OcrColorMode.Grayscale;
                return true;
            default:
                color = OcrColorMode.Rgb;
                return false;
        }
    }

    private sealed class PlateConfig
    {
        public int? MaxPlateSlots { get; set; }

        public string? Alphabet { get; set; }

        public string? PadChar { get; set; }

        public int? ImgHeight { get; set; }

        public int? ImgWidth { get; set; }

        public bool? KeepAspectRatio { get; set; }

        public string? Interpolation { get; set; }

        public string? ImageColorMode { get; set; }

        public List<string>? PlateRegions { get; set; }
    }
}
