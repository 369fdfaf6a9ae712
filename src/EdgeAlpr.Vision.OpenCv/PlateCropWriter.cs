using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>
/// Writes plate crops into an OCR input batch: each crop stretched to the model's size, in its
/// colour mode, interleaved (NHWC), raw 0..255 bytes.
/// </summary>
public static class PlateCropWriter
{
    /// <param name="bgr">8-bit, 3-channel picture the plates were found in.</param>
    /// <param name="crops">Non-empty rectangles inside the picture, one per plate.</param>
    /// <param name="spec">The OCR model's input conventions.</param>
    /// <param name="nhwc">Destination, crops × height × width × channels bytes.</param>
    public static unsafe void Write(Mat bgr, IReadOnlyList<PixelRect> crops, OcrModelSpec spec, Span<byte> nhwc)
    {
        int w = spec.ImageWidth;
        int h = spec.ImageHeight;
        int channels = spec.Channels;
        int stride = w * h * channels;
        if (nhwc.Length < crops.Count * stride)
        {
            throw new ArgumentException($"batch buffer holds {nhwc.Length} bytes, needs {crops.Count * stride}", nameof(nhwc));
        }

        var imageRect = new Rect(0, 0, bgr.Width, bgr.Height);
        using var resized = new Mat();
        using var converted = new Mat();
        for (int i = 0; i < crops.Count; i++)
        {
            PixelRect c = crops[i];
            var rect = new Rect(c.X, c.Y, c.Width, c.Height);
            if (c.IsEmpty || (rect & imageRect) != rect)
            {
                throw new ArgumentException($"crop {i} ({c}) is empty or outside the {bgr.Width}x{bgr.Height} picture", nameof(crops));
            }

            using (var roi = new Mat(bgr, rect))
            {
                Cv2.Resize(roi, resized, new Size(w, h), 0, 0, ToOpenCv(spec.Interpolation));
            }

            Cv2.CvtColor(resized, converted, channels == 1 ? ColorConversionCodes.BGR2GRAY : ColorConversionCodes.BGR2RGB);
            int rowBytes = w * channels;
            byte* src = (byte*)converted.DataPointer;
            long step = converted.Step();
            Span<byte> dst = nhwc.Slice(i * stride, stride);
            for (int y = 0; y < h; y++)
            {
                new ReadOnlySpan<byte>(src + (y * step), rowBytes).CopyTo(dst.Slice(y * rowBytes, rowBytes));
            }
        }
    }

    private static InterpolationFlags ToOpenCv(OcrInterpolation interpolation) => interpolation switch
    {
        OcrInterpolation.Nearest => InterpolationFlags.Nearest,
        OcrInterpolation.Linear => InterpolationFlags.Linear,
        OcrInterpolation.Cubic => InterpolationFlags.Cubic,
        OcrInterpolation.Area => InterpolationFlags.Area,
        OcrInterpolation.Lanczos4 => InterpolationFlags.Lanczos4,
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "unknown interpolation"),
    };
}
