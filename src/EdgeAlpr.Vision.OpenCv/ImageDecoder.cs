using EdgeAlpr.Core.Imaging;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>Decodes encoded image bytes into a BGR picture, refusing anything incomplete or larger than allowed.</summary>
internal static class ImageDecoder
{
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="maxPixels">The most pixels the header may declare; a larger picture is refused before it is decoded.</param>
    /// <exception cref="InvalidImageException">Empty, truncated, unknown format, too large or undecodable.</exception>
    public static BgrPicture Decode(byte[] encoded, long maxPixels = PictureHeader.DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ImageFormat format = ImageSignature.Check(encoded);

        // OpenCV allocates what the header declares (up to 2^30 pixels): a 48 KB PNG can ask for gigabytes.
        PictureHeader.Check(encoded, maxPixels);
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

        using (image)
        {
            BgrPicture picture = BgrPicture.Create(image.Width, image.Height);
            int rowBytes = picture.Stride;
            for (int y = 0; y < picture.Height; y++)
            {
                unsafe
                {
                    new ReadOnlySpan<byte>((byte*)image.Ptr(y), rowBytes).CopyTo(picture.Row(y));
                }
            }

            return picture;
        }
    }
}
