using System.Globalization;

namespace EdgeAlpr.Core.Recognition;

/// <summary>Contrast treatment of a plate crop before OCR.</summary>
public enum CropContrast
{
    None,

    /// <summary>Contrast-limited adaptive histogram equalisation of the luminance: lifts faded, backlit or night plates.</summary>
    Clahe,
}

/// <summary>
/// One way of cutting a plate out of the picture for OCR: how much context around the box,
/// a small rotation about the box centre, and a contrast treatment. Reading several variants
/// and fusing them averages out the crop's accidents (a tight box, a tilt, low contrast).
/// Written as <c>margin=0.1,rotate=-3,contrast=clahe</c>.
/// </summary>
public sealed record CropVariant(float Margin, float RotationDegrees = 0f, CropContrast Contrast = CropContrast.None)
{
    public static CropVariant Plain { get; } = new(0f);

    /// <exception cref="FormatException">Unknown key, bad number or value out of range; the message says which.</exception>
    public static CropVariant Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float margin = 0f,
            rotate = 0f;
        CropContrast contrast = CropContrast.None;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2)
            {
                throw new FormatException($"crop variant '{text}': '{part}' is not key=value");
            }

            switch (kv[0].ToLowerInvariant())
            {
                case "margin":
                    margin = ParseNumber(text, kv, 0f, 0.5f);
                    break;
                case "rotate":
                    rotate = ParseNumber(text, kv, -20f, 20f);
                    break;
                case "contrast":
                    contrast = kv[1].ToLowerInvariant() switch
                    {
                        "none" => CropContrast.None,
                        "clahe" => CropContrast.Clahe,
                        _ => throw new FormatException($"crop variant '{text}': contrast must be none or clahe, got '{kv[1]}'"),
                    };
                    break;
                default:
                    throw new FormatException($"crop variant '{text}': unknown key '{kv[0]}' (margin, rotate, contrast)");
            }
        }

        return new CropVariant(margin, rotate, contrast);
    }

    public override string ToString()
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"margin={Margin:0.###}") };
        if (RotationDegrees != 0f)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"rotate={RotationDegrees:0.###}"));
        }

        if (Contrast != CropContrast.None)
        {
            parts.Add("contrast=" + Contrast.ToString().ToLowerInvariant());
        }

        return string.Join(',', parts);
    }

    private static float ParseNumber(string text, string[] kv, float min, float max)
    {
        if (!float.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || value < min || value > max)
        {
            throw new FormatException(
                string.Create(CultureInfo.InvariantCulture, $"crop variant '{text}': {kv[0]} must be a number from {min} to {max}, got '{kv[1]}'")
            );
        }

        return value;
    }
}
