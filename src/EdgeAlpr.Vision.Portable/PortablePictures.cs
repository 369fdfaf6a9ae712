using System.Buffers;
using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Vision.Portable;

/// <summary>
/// The picture operations on every board: SkiaSharp for the codecs, managed code for the pixels.
/// The default on arm64, where the feed has no OpenCV; see the project's README for how it
/// compares with OpenCV on x64.
/// </summary>
public sealed class PortablePictures : IPictureOperations
{
    public const string ImplementationName = "portable";

    private const double ClaheClipLimit = 2.0;
    private const float PadValue = 114f / 255f;

    public string Name => ImplementationName;

    /// <summary>
    /// Checks once, at start, that SkiaSharp's native library loads, so a unit without it gets one
    /// clear message instead of a type-initialiser crash on the first picture.
    /// </summary>
    public static void EnsureAvailable() => SkiaRuntime.EnsureAvailable();

    public BgrPicture Decode(byte[] encoded, long maxPixels) => SkiaCodec.Decode(encoded, maxPixels);

    public byte[] EncodeJpeg(BgrPicture picture, int quality) => SkiaCodec.EncodeJpeg(picture, quality);

    public void WriteLetterbox(BgrPicture picture, PixelRect region, LetterboxTransform transform, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(picture);
        int size = transform.TargetSize;
        int plane = size * size;
        if (chw.Length < 3 * plane)
        {
            throw new ArgumentException($"tensor buffer holds {chw.Length} floats, needs {3 * plane}", nameof(chw));
        }

        if (region.Width != transform.SourceWidth || region.Height != transform.SourceHeight)
        {
            throw new ArgumentException(
                $"letterbox was computed for {transform.SourceWidth}x{transform.SourceHeight}, region is {region.Width}x{region.Height}",
                nameof(transform)
            );
        }

        int w = transform.ResizedWidth,
            h = transform.ResizedHeight;
        byte[] resized = ArrayPool<byte>.Shared.Rent(w * h * 3);
        try
        {
            Resampler.Resize(picture, region, w, h, OcrInterpolation.Linear, resized);
            chw[..(3 * plane)].Fill(PadValue);
            const float inv = 1f / 255f;
            Span<float> r = chw.Slice(0, plane);
            Span<float> g = chw.Slice(plane, plane);
            Span<float> b = chw.Slice(2 * plane, plane);
            int p = 0;
            for (int y = 0; y < h; y++)
            {
                int o = ((y + transform.PadTop) * size) + transform.PadLeft;
                for (int x = 0; x < w; x++, p += 3, o++)
                {
                    b[o] = resized[p] * inv;
                    g[o] = resized[p + 1] * inv;
                    r[o] = resized[p + 2] * inv;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(resized);
        }
    }

    public void WritePlateCrops(BgrPicture picture, IReadOnlyList<PlateCrop> crops, OcrModelSpec spec, Span<byte> nhwc)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(spec);
        int w = spec.ImageWidth,
            h = spec.ImageHeight,
            channels = spec.Channels;
        int stride = w * h * channels;
        if (nhwc.Length < crops.Count * stride)
        {
            throw new ArgumentException($"batch buffer holds {nhwc.Length} bytes, needs {crops.Count * stride}", nameof(nhwc));
        }

        int pixels = w * h;
        byte[] bgr = ArrayPool<byte>.Shared.Rent(pixels * 3);
        Span<double> inverse = stackalloc double[6];
        try
        {
            for (int i = 0; i < crops.Count; i++)
            {
                PlateCrop crop = crops[i];
                BoundingBox box = crop.Box.Expand(crop.Variant.Margin);
                if (crop.Variant.RotationDegrees == 0f)
                {
                    PixelRect c = box.ToPixelRect(picture.Width, picture.Height);
                    if (c.IsEmpty)
                    {
                        throw new ArgumentException(
                            $"crop {i} ({crop.Box}) is empty or outside the {picture.Width}x{picture.Height} picture",
                            nameof(crops)
                        );
                    }

                    Resampler.Resize(picture, c, w, h, spec.Interpolation, bgr);
                }
                else
                {
                    CropWarp.Inverse(box, crop.Variant.RotationDegrees, w, h, inverse);
                    Resampler.Warp(picture, inverse, w, h, spec.Interpolation, bgr);
                }

                if (crop.Variant.Contrast == CropContrast.Clahe)
                {
                    EqualizeLightness(bgr.AsSpan(0, pixels * 3), w, h);
                }

                Span<byte> dst = nhwc.Slice(i * stride, stride);
                if (channels == 1)
                {
                    for (int p = 0, o = 0; o < pixels; o++, p += 3)
                    {
                        dst[o] = PixelFormats.Gray(bgr[p], bgr[p + 1], bgr[p + 2]);
                    }
                }
                else
                {
                    for (int p = 0; p < pixels * 3; p += 3)
                    {
                        dst[p] = bgr[p + 2];
                        dst[p + 1] = bgr[p + 1];
                        dst[p + 2] = bgr[p];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bgr);
        }
    }

    public void WriteGrayThumbnail(BgrPicture picture, int width, int height, Span<byte> gray) => Thumbnails.WriteGray(picture, width, height, gray);

    /// <summary>CLAHE on the crop's L*a*b* lightness (4 × 2 tiles on the OCR's 128 × 64 input: a tile a character or two wide).</summary>
    private static void EqualizeLightness(Span<byte> bgr, int width, int height)
    {
        int pixels = width * height;
        byte[] lightness = ArrayPool<byte>.Shared.Rent(pixels);
        float[] ab = ArrayPool<float>.Shared.Rent(2 * pixels);
        try
        {
            LabLightness.Split(bgr, lightness.AsSpan(0, pixels), ab);
            Clahe.Apply(lightness.AsSpan(0, pixels), width, height, ClaheClipLimit, 4, 2);
            LabLightness.Merge(lightness.AsSpan(0, pixels), ab, bgr);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(lightness);
            ArrayPool<float>.Shared.Return(ab);
        }
    }
}
