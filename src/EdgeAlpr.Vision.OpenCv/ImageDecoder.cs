using EdgeAlpr.Core.Imaging;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>Decodes encoded image bytes into a BGR picture, refusing anything incomplete.</summary>
public static class ImageDecoder
{
    /// <exception cref="InvalidImageException">Empty, truncated, unknown format or undecodable.</exception>
    public static Mat Decode(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ImageFormat format = ImageSignature.Check(encoded);
        Mat image;
        try
        {
            image = Cv2.ImDecode(encoded, ImreadModes.Color);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidImageException($"the {format} image could not be decoded: {ex.Message}", ex);
        }

        if (image.Empty() || image.Width <= 0 || image.Height <= 0)
        {
            image.Dispose();
            throw new InvalidImageException($"the {format} image could not be decoded (corrupt data or zero size)");
        }

        return image;
    }
}
