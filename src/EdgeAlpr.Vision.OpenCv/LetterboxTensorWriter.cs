using EdgeAlpr.Core.Geometry;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>
/// Writes a BGR picture into a detector input tensor: letterboxed, RGB, planar (CHW),
/// scaled to 0..1, padding 114/255, as the upstream detector was trained.
/// </summary>
internal static class LetterboxTensorWriter
{
    private const float PadValue = 114f / 255f;

    /// <param name="bgr">8-bit, 3-channel picture.</param>
    /// <param name="transform">The letterbox for this picture's size.</param>
    /// <param name="chw">Destination, 3 × size × size floats.</param>
    public static unsafe void Write(Mat bgr, LetterboxTransform transform, Span<float> chw)
    {
        int size = transform.TargetSize;
        int plane = size * size;
        if (chw.Length < 3 * plane)
        {
            throw new ArgumentException($"tensor buffer holds {chw.Length} floats, needs {3 * plane}", nameof(chw));
        }

        if (bgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"expected an 8-bit 3-channel picture, got {bgr.Type()}", nameof(bgr));
        }

        if (bgr.Width != transform.SourceWidth || bgr.Height != transform.SourceHeight)
        {
            throw new ArgumentException(
                $"letterbox was computed for {transform.SourceWidth}x{transform.SourceHeight}, picture is {bgr.Width}x{bgr.Height}",
                nameof(transform)
            );
        }

        chw[..(3 * plane)].Fill(PadValue);

        using var resized = new Mat();
        Cv2.Resize(bgr, resized, new Size(transform.ResizedWidth, transform.ResizedHeight), 0, 0, InterpolationFlags.Linear);

        const float inv = 1f / 255f;
        Span<float> r = chw.Slice(0, plane);
        Span<float> g = chw.Slice(plane, plane);
        Span<float> b = chw.Slice(2 * plane, plane);
        byte* basePtr = (byte*)resized.DataPointer;
        long step = resized.Step();
        for (int y = 0; y < transform.ResizedHeight; y++)
        {
            byte* row = basePtr + (y * step);
            int o = ((y + transform.PadTop) * size) + transform.PadLeft;
            for (int x = 0; x < transform.ResizedWidth; x++, row += 3, o++)
            {
                b[o] = row[0] * inv;
                g[o] = row[1] * inv;
                r[o] = row[2] * inv;
            }
        }
    }
}
