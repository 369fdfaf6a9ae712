using SkiaSharp;

namespace EdgeAlpr.Synthesis;

/// <summary>The perspective map of a rectangle onto a quadrilateral (SkiaSharp has no poly-to-poly of its own).</summary>
internal static class Homography
{
    /// <summary>
    /// The matrix taking (0, 0), (w, 0), (w, h), (0, h) to the four corners, in that order: the
    /// unit square's projective map to the quad (Heckbert's closed form) after a scale by 1/w, 1/h.
    /// </summary>
    public static SKMatrix RectangleToQuad(float width, float height, ReadOnlySpan<SKPoint> quad)
    {
        float x0 = quad[0].X,
            y0 = quad[0].Y,
            x1 = quad[1].X,
            y1 = quad[1].Y;
        float x2 = quad[2].X,
            y2 = quad[2].Y,
            x3 = quad[3].X,
            y3 = quad[3].Y;
        float dx1 = x1 - x2,
            dx2 = x3 - x2,
            dx3 = x0 - x1 + x2 - x3;
        float dy1 = y1 - y2,
            dy2 = y3 - y2,
            dy3 = y0 - y1 + y2 - y3;
        float g = 0,
            h = 0;
        float det = (dx1 * dy2) - (dx2 * dy1);
        if (det != 0 && (dx3 != 0 || dy3 != 0))
        {
            g = ((dx3 * dy2) - (dx2 * dy3)) / det;
            h = ((dx1 * dy3) - (dx3 * dy1)) / det;
        }

        float a = x1 - x0 + (g * x1),
            b = x3 - x0 + (h * x3),
            c = x0;
        float d = y1 - y0 + (g * y1),
            e = y3 - y0 + (h * y3),
            f = y0;
        return new SKMatrix
        {
            ScaleX = a / width,
            SkewX = b / height,
            TransX = c,
            SkewY = d / width,
            ScaleY = e / height,
            TransY = f,
            Persp0 = g / width,
            Persp1 = h / height,
            Persp2 = 1,
        };
    }
}
