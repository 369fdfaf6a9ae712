using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Core.Recognition;

/// <summary>
/// The inverse affine map of a rotated plate crop: output pixel (u, v) of a w × h crop comes from
/// source (m[0]·u + m[1]·v + m[2], m[3]·u + m[4]·v + m[5]), the box turned by the given degrees
/// about its centre. Both image adapters warp with it, so they cut the same crop.
/// </summary>
public static class CropWarp
{
    /// <param name="box">The box (margin already added).</param>
    /// <param name="degrees">Rotation, counter-clockwise as seen.</param>
    /// <param name="width">Output width.</param>
    /// <param name="height">Output height.</param>
    /// <param name="inverse">Six coefficients, written.</param>
    /// <exception cref="ArgumentException">The box is empty.</exception>
    public static void Inverse(BoundingBox box, float degrees, int width, int height, Span<double> inverse)
    {
        if (box.Width <= 0 || box.Height <= 0)
        {
            throw new ArgumentException($"crop {box} is empty", nameof(box));
        }

        double a = degrees * Math.PI / 180.0;
        double cos = Math.Cos(a),
            sin = Math.Sin(a);
        double sx = box.Width / width,
            sy = box.Height / height;
        double cx = (box.X1 + box.X2) / 2.0,
            cy = (box.Y1 + box.Y2) / 2.0;
        // Output (u, v) → source: centre + R(θ) · ((u - w/2)·sx, (v - h/2)·sy), pixel centres at integers.
        double m00 = cos * sx,
            m01 = -sin * sy,
            m10 = sin * sx,
            m11 = cos * sy;
        double ou = (width - 1) / 2.0,
            ov = (height - 1) / 2.0;
        inverse[0] = m00;
        inverse[1] = m01;
        inverse[2] = cx - 0.5 - (m00 * ou) - (m01 * ov);
        inverse[3] = m10;
        inverse[4] = m11;
        inverse[5] = cy - 0.5 - (m10 * ou) - (m11 * ov);
    }
}
