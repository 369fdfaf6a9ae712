namespace EdgeAlpr.Core.Geometry;

/// <summary>
/// How an image is scaled and padded into a square detector input, and how boxes found in
/// that input map back. Mirrors the upstream detector's pre-processing exactly (including
/// Python's round-half-to-even), because a one-pixel shift in padding moves every box.
/// </summary>
public readonly record struct LetterboxTransform(
    int SourceWidth,
    int SourceHeight,
    int TargetSize,
    float Scale,
    int ResizedWidth,
    int ResizedHeight,
    int PadLeft,
    int PadTop,
    int PadRight,
    int PadBottom
)
{
    public static LetterboxTransform Compute(int sourceWidth, int sourceHeight, int targetSize)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceWidth), $"image size must be positive, got {sourceWidth}x{sourceHeight}");
        }

        if (targetSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetSize), $"target size must be positive, got {targetSize}");
        }

        double r = Math.Min((double)targetSize / sourceHeight, (double)targetSize / sourceWidth);
        // A sliver image would round to zero pixels, which no resize accepts.
        int newWidth = Math.Clamp(PyRound(sourceWidth * r), 1, targetSize);
        int newHeight = Math.Clamp(PyRound(sourceHeight * r), 1, targetSize);
        double dw = (targetSize - newWidth) / 2.0;
        double dh = (targetSize - newHeight) / 2.0;
        int top = PyRound(dh - 0.1);
        int bottom = PyRound(dh + 0.1);
        int left = PyRound(dw - 0.1);
        int right = PyRound(dw + 0.1);
        return new LetterboxTransform(sourceWidth, sourceHeight, targetSize, (float)r, newWidth, newHeight, left, top, right, bottom);
    }

    /// <summary>Maps a box from detector-input pixels back to source-image pixels, clamped to the image.</summary>
    public BoundingBox ToSource(BoundingBox letterboxed) =>
        new BoundingBox(
            (letterboxed.X1 - PadLeft) / Scale,
            (letterboxed.Y1 - PadTop) / Scale,
            (letterboxed.X2 - PadLeft) / Scale,
            (letterboxed.Y2 - PadTop) / Scale
        ).ClampTo(SourceWidth, SourceHeight);

    /// <summary>Maps a box from source-image pixels into detector-input pixels.</summary>
    public BoundingBox ToLetterbox(BoundingBox source) =>
        new(source.X1 * Scale + PadLeft, source.Y1 * Scale + PadTop, source.X2 * Scale + PadLeft, source.Y2 * Scale + PadTop);

    private static int PyRound(double value) => (int)Math.Round(value, MidpointRounding.ToEven);
}
