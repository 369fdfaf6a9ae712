using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Application.Imaging;

/// <summary>
/// The picture operations the plate reader and the camera path need, behind one port so the
/// agent runs on every board: <c>EdgeAlpr.Vision.Portable</c> (SkiaSharp and managed code,
/// everywhere .NET runs) and <c>EdgeAlpr.Vision.OpenCv</c> (where OpenCV's native library
/// exists) implement it. Implementations are stateless and thread-safe.
/// </summary>
public interface IPictureOperations
{
    /// <summary>The implementation's name as settings and benchmarks spell it (<c>portable</c>, <c>opencv</c>).</summary>
    string Name { get; }

    /// <summary>Decodes an encoded image (JPEG, PNG, …), turned upright as its EXIF orientation says.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="maxPixels">The most pixels its header may declare; a larger picture is refused before it is decoded.</param>
    /// <exception cref="InvalidImageException">Empty, truncated, unknown or unsupported format, too large or undecodable.</exception>
    BgrPicture Decode(byte[] encoded, long maxPixels);

    /// <summary>Encodes a picture as baseline JPEG.</summary>
    /// <param name="picture">The picture.</param>
    /// <param name="quality">1 to 100.</param>
    byte[] EncodeJpeg(BgrPicture picture, int quality);

    /// <summary>
    /// Writes a region of a picture into a detector input: resized (linear) as the letterbox says,
    /// RGB, planar (CHW), scaled to 0..1, padded with 114/255, as the upstream detector was trained.
    /// </summary>
    /// <param name="picture">The picture.</param>
    /// <param name="region">The part of it to letterbox (the whole picture, or a plate's surroundings).</param>
    /// <param name="transform">The letterbox computed for the region's size.</param>
    /// <param name="chw">Destination, 3 × size × size floats.</param>
    void WriteLetterbox(BgrPicture picture, PixelRect region, LetterboxTransform transform, Span<float> chw);

    /// <summary>
    /// Writes plate crops into an OCR input batch: each cut as its variant says (margin, small
    /// rotation, contrast), stretched to the model's size with its interpolation, in its colour
    /// mode, interleaved (NHWC), raw 0..255 bytes.
    /// </summary>
    /// <exception cref="ArgumentException">A crop is empty or outside the picture, or the buffer is too small.</exception>
    void WritePlateCrops(BgrPicture picture, IReadOnlyList<PlateCrop> crops, OcrModelSpec spec, Span<byte> nhwc);

    /// <summary>A small grey copy of the picture, each pixel the mean of the area it covers (the motion gate compares these).</summary>
    /// <param name="picture">The picture.</param>
    /// <param name="width">Thumbnail width.</param>
    /// <param name="height">Thumbnail height.</param>
    /// <param name="gray">Destination, width × height bytes.</param>
    void WriteGrayThumbnail(BgrPicture picture, int width, int height, Span<byte> gray);
}
