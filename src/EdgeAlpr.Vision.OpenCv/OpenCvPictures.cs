using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>
/// The picture operations on OpenCV, where its native library exists (the feed ships it for
/// linux-x64 only). Pictures stay the agent's <see cref="BgrPicture"/>: OpenCV works on views of
/// their pixels, pinned for the call, so nothing is copied in or out.
/// </summary>
public sealed class OpenCvPictures : IPictureOperations
{
    public const string ImplementationName = "opencv";

    public string Name => ImplementationName;

    /// <summary>Whether OpenCV's native library loads here (false on a board without it).</summary>
    public static bool IsAvailable()
    {
        try
        {
            OpenCvRuntime.EnsureAvailable();
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <inheritdoc cref="OpenCvRuntime.EnsureAvailable"/>
    public static void EnsureAvailable() => OpenCvRuntime.EnsureAvailable();

    public BgrPicture Decode(byte[] encoded, long maxPixels) => ImageDecoder.Decode(encoded, maxPixels);

    public unsafe byte[] EncodeJpeg(BgrPicture picture, int quality)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        fixed (byte* pixels = picture.Pixels)
        {
            using Mat view = View(picture, pixels);
            return view.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        }
    }

    public unsafe void WriteLetterbox(BgrPicture picture, PixelRect region, LetterboxTransform transform, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(picture);
        fixed (byte* pixels = picture.Pixels)
        {
            using Mat view = View(picture, pixels);
            using var part = new Mat(view, new Rect(region.X, region.Y, region.Width, region.Height));
            LetterboxTensorWriter.Write(part, transform, chw);
        }
    }

    public unsafe void WritePlateCrops(BgrPicture picture, IReadOnlyList<PlateCrop> crops, OcrModelSpec spec, Span<byte> nhwc)
    {
        ArgumentNullException.ThrowIfNull(picture);
        fixed (byte* pixels = picture.Pixels)
        {
            using Mat view = View(picture, pixels);
            PlateCropWriter.Write(view, crops, spec, nhwc);
        }
    }

    public unsafe void WriteGrayThumbnail(BgrPicture picture, int width, int height, Span<byte> gray)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (gray.Length < width * height)
        {
            throw new ArgumentException($"thumbnail buffer holds {gray.Length} bytes, needs {width * height}", nameof(gray));
        }

        fixed (byte* pixels = picture.Pixels)
        fixed (byte* output = gray)
        {
            using Mat view = View(picture, pixels);
            using var small = new Mat();
            Cv2.Resize(view, small, new Size(width, height), 0, 0, InterpolationFlags.Area);
            using var thumbnail = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)output);
            Cv2.CvtColor(small, thumbnail, ColorConversionCodes.BGR2GRAY);
        }
    }

    /// <summary>OpenCV's view of a picture's pixels; valid while they are pinned.</summary>
    private static unsafe Mat View(BgrPicture picture, byte* pixels) =>
        Mat.FromPixelData(picture.Height, picture.Width, MatType.CV_8UC3, (IntPtr)pixels, picture.Stride);
}
