using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Recognition;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>
/// Writes plate crops into an OCR input batch: each crop cut as its variant says (margin,
/// rotation, contrast), stretched to the model's size, in its colour mode, interleaved
/// (NHWC), raw 0..255 bytes.
/// </summary>
internal static class PlateCropWriter
{
    private const double ClaheClipLimit = 2.0;

    /// <param name="bgr">8-bit, 3-channel picture the plates were found in.</param>
    /// <param name="crops">Boxes inside the picture with the variant to cut each with.</param>
    /// <param name="spec">The OCR model's input conventions.</param>
    /// <param name="nhwc">Destination, crops × height × width × channels bytes.</param>
    public static unsafe void Write(Mat bgr, IReadOnlyList<PlateCrop> crops, OcrModelSpec spec, Span<byte> nhwc)
    {
        int w = spec.ImageWidth;
        int h = spec.ImageHeight;
        int channels = spec.Channels;
        int stride = w * h * channels;
        if (nhwc.Length < crops.Count * stride)
        {
            throw new ArgumentException($"batch buffer holds {nhwc.Length} bytes, needs {crops.Count * stride}", nameof(nhwc));
        }

        using var resized = new Mat();
        using var converted = new Mat();
        using CLAHE? clahe = crops.Any(c => c.Variant.Contrast == CropContrast.Clahe) ? Cv2.CreateCLAHE(ClaheClipLimit, new Size(4, 2)) : null;
        for (int i = 0; i < crops.Count; i++)
        {
            PlateCrop crop = crops[i];
            BoundingBox box = crop.Box.Expand(crop.Variant.Margin);
            if (crop.Variant.RotationDegrees == 0f)
            {
                PixelRect c = box.ToPixelRect(bgr.Width, bgr.Height);
                if (c.IsEmpty)
                {
                    throw new ArgumentException($"crop {i} ({crop.Box}) is empty or outside the {bgr.Width}x{bgr.Height} picture", nameof(crops));
                }

                using var roi = new Mat(bgr, new Rect(c.X, c.Y, c.Width, c.Height));
                Cv2.Resize(roi, resized, new Size(w, h), 0, 0, ToOpenCv(spec.Interpolation));
            }
            else
            {
                WarpRotated(bgr, box, crop.Variant.RotationDegrees, w, h, ToOpenCv(spec.Interpolation), resized);
            }

            if (crop.Variant.Contrast == CropContrast.Clahe)
            {
                EqualizeLuminance(resized, clahe!);
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

    /// <summary>
    /// Writes a crop of <paramref name="box"/> rotated by <paramref name="degrees"/> about its centre into an
    /// output of w × h, in one warp.
    /// </summary>
    /// <remarks>
    /// The warp maps each output pixel straight back into the source picture, so margin,
    /// rotation and resize cost one pass over the small output, never over the whole frame.
    /// Pixels that fall outside the picture repeat its edge.
    /// </remarks>
    private static void WarpRotated(Mat bgr, BoundingBox box, float degrees, int w, int h, InterpolationFlags interpolation, Mat output)
    {
        Span<double> inverse = stackalloc double[6];
        CropWarp.Inverse(box, degrees, w, h, inverse);
        using var m = new Mat(2, 3, MatType.CV_64FC1);
        for (int k = 0; k < 6; k++)
        {
            m.Set(k / 3, k % 3, inverse[k]);
        }

        Cv2.WarpAffine(bgr, output, m, new Size(w, h), interpolation | InterpolationFlags.WarpInverseMap, BorderTypes.Replicate);
    }

    private static void EqualizeLuminance(Mat bgr, CLAHE clahe)
    {
        using var lab = new Mat();
        Cv2.CvtColor(bgr, lab, ColorConversionCodes.BGR2Lab);
        Mat[] planes = Cv2.Split(lab);
        try
        {
            clahe.Apply(planes[0], planes[0]);
            Cv2.Merge(planes, lab);
        }
        finally
        {
            foreach (Mat p in planes)
            {
                p.Dispose();
            }
        }

        Cv2.CvtColor(lab, bgr, ColorConversionCodes.Lab2BGR);
    }

    private static InterpolationFlags ToOpenCv(OcrInterpolation interpolation) =>
        interpolation switch
        {
            OcrInterpolation.Nearest => InterpolationFlags.Nearest,
            OcrInterpolation.Linear => InterpolationFlags.Linear,
            OcrInterpolation.Cubic => InterpolationFlags.Cubic,
            OcrInterpolation.Area => InterpolationFlags.Area,
            OcrInterpolation.Lanczos4 => InterpolationFlags.Lanczos4,
            _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "unknown interpolation"),
        };
}
