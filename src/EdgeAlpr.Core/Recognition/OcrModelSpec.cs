namespace EdgeAlpr.Core.Recognition;

/// <summary>Colour layout an OCR model expects for its input image.</summary>
public enum OcrColorMode
{
    Rgb,
    Grayscale,
}

/// <summary>Resampling used when a plate crop is stretched to the OCR input size.</summary>
public enum OcrInterpolation
{
    Nearest,
    Linear,
    Cubic,
    Area,
    Lanczos4,
}

/// <summary>
/// An OCR model's conventions, as its plate config states them: how many character slots it
/// predicts, over which alphabet, which symbol pads short plates, the input image it wants,
/// and the names behind its optional region head.
/// </summary>
public sealed record OcrModelSpec
{
    public required int MaxPlateSlots { get; init; }

    public required string Alphabet { get; init; }

    public required char PadChar { get; init; }

    public required int ImageHeight { get; init; }

    public required int ImageWidth { get; init; }

    public bool KeepAspectRatio { get; init; }

    public OcrInterpolation Interpolation { get; init; } = OcrInterpolation.Linear;

    public OcrColorMode ColorMode { get; init; } = OcrColorMode.Rgb;

    /// <summary>Region names in the order of the region head's outputs; empty when the model has none.</summary>
    public IReadOnlyList<string> PlateRegions { get; init; } = [];

    public int Channels => ColorMode == OcrColorMode.Grayscale ? 1 : 3;

    public int PadIndex => Alphabet.IndexOf(PadChar, StringComparison.Ordinal);

    /// <summary>Every problem with this spec, one sentence each; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxPlateSlots is < 1 or > 64)
        {
            problems.Add($"max_plate_slots must be between 1 and 64, got {MaxPlateSlots}");
        }

        if (string.IsNullOrEmpty(Alphabet))
        {
            problems.Add("alphabet is empty");
        }
        else if (Alphabet.Distinct().Count() != Alphabet.Length)
        {
            problems.Add("alphabet repeats a character");
        }
        else if (PadIndex < 0)
        {
            problems.Add($"pad_char '{PadChar}' is not in the alphabet");
        }

        if (ImageHeight is < 1 or > 4096 || ImageWidth is < 1 or > 4096)
        {
            problems.Add($"image size must be between 1 and 4096 pixels, got {ImageWidth}x{ImageHeight}");
        }

        if (KeepAspectRatio)
        {
            problems.Add("keep_aspect_ratio: true is not supported (the models here are trained on stretched crops)");
        }

        return problems;
    }
}
