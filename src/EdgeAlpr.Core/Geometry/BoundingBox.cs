namespace EdgeAlpr.Core.Geometry;

/// <summary>An axis-aligned box in pixels: (X1, Y1) is the top-left corner, (X2, Y2) the bottom-right.</summary>
public readonly record struct BoundingBox(float X1, float Y1, float X2, float Y2)
{
    public float Width => MathF.Max(0f, X2 - X1);

    public float Height => MathF.Max(0f, Y2 - Y1);

    public float Area => Width * Height;

    public static BoundingBox FromXywh(float x, float y, float width, float height) => new(x, y, x + width, y + height);

    public float IntersectionOverUnion(BoundingBox other)
    {
        float iw = MathF.Min(X2, other.X2) - MathF.Max(X1, other.X1);
        float ih = MathF.Min(Y2, other.Y2) - MathF.Max(Y1, other.Y1);
        if (iw <= 0f || ih <= 0f)
        {
            return 0f;
        }

        float intersection = iw * ih;
        float union = Area + other.Area - intersection;
        return union <= 0f ? 0f : intersection / union;
    }

    public BoundingBox ClampTo(int imageWidth, int imageHeight) =>
        new(Math.Clamp(X1, 0f, imageWidth), Math.Clamp(Y1, 0f, imageHeight), Math.Clamp(X2, 0f, imageWidth), Math.Clamp(Y2, 0f, imageHeight));

    /// <summary>Grows the box by <paramref name="fraction"/> of its own width and height on every side.</summary>
    public BoundingBox Expand(float fraction)
    {
        float dx = Width * fraction;
        float dy = Height * fraction;
        return new BoundingBox(X1 - dx, Y1 - dy, X2 + dx, Y2 + dy);
    }

    /// <summary>
    /// The whole-pixel rectangle covering this box inside an image of the given size;
    /// empty when the box lies outside the image or covers less than one pixel.
    /// </summary>
    public PixelRect ToPixelRect(int imageWidth, int imageHeight)
    {
        BoundingBox c = ClampTo(imageWidth, imageHeight);
        int x1 = (int)MathF.Floor(c.X1);
        int y1 = (int)MathF.Floor(c.Y1);
        int x2 = (int)MathF.Ceiling(c.X2);
        int y2 = (int)MathF.Ceiling(c.Y2);
        return new PixelRect(x1, y1, Math.Max(0, x2 - x1), Math.Max(0, y2 - y1));
    }
}

/// <summary>A whole-pixel rectangle, as image libraries crop.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;
}
