using SkiaSharp;

namespace EdgeAlpr.Synthesis;

/// <summary>Draws a plate (background, border, region line, characters in a condensed bold face) as an opaque picture.</summary>
public sealed class PlateRenderer : IDisposable
{
    /// <summary>Debian's fonts-dejavu-core: a condensed bold face close to plate lettering.</summary>
    public const string DefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf";

    private readonly SKTypeface _typeface;

    public PlateRenderer(string fontPath = DefaultFont)
    {
        if (!File.Exists(fontPath))
        {
            throw new FileNotFoundException($"plate font not found: {fontPath} (install Debian's fonts-dejavu-core)", fontPath);
        }

        _typeface = SKTypeface.FromFile(fontPath) ?? throw new InvalidDataException($"not a usable font: {fontPath}");
    }

    public SKImage Render(PlateStyle style, string text, int width)
    {
        int height = (int)MathF.Round(width / style.Aspect);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(new SKColor(style.Background.R, style.Background.G, style.Background.B));
        float stroke = MathF.Max(2, height * 0.04f);
        using (
            var border = new SKPaint
            {
                Color = new SKColor(style.Border.R, style.Border.G, style.Border.B),
                Style = SKPaintStyle.Stroke,
                StrokeWidth = stroke,
                IsAntialias = true,
            }
        )
        {
            canvas.DrawRoundRect(new SKRect(stroke, stroke, width - stroke, height - stroke), height * 0.08f, height * 0.08f, border);
        }

        using var ink = new SKPaint { Color = new SKColor(style.Ink.R, style.Ink.G, style.Ink.B), IsAntialias = true };
        bool captioned = style.Caption.Length > 0;
        float top = captioned ? height * 0.24f : height * 0.1f;
        float bottom = height * (captioned ? 0.88f : 0.9f);
        if (captioned)
        {
            using var captionFont = new SKFont(_typeface, height * 0.16f);
            canvas.DrawText(style.Caption, width / 2f, height * 0.2f, SKTextAlign.Center, captionFont, ink);
        }

        // Size the characters to the band's height, then narrow them to fit the plate's width.
        using var font = new SKFont(_typeface, (bottom - top) * 1.3f);
        float measured = font.MeasureText(text);
        font.ScaleX = MathF.Min(1f, (width * 0.86f) / measured);
        canvas.DrawText(text, width / 2f, bottom, SKTextAlign.Center, font, ink);

        return surface.Snapshot();
    }

    public void Dispose() => _typeface.Dispose();
}
