using EdgeAlpr.Vision.OpenCv;
using OpenCvSharp;

namespace EdgeAlpr.Recognition;

/// <summary>
/// A picture decoded once, to be read many times (<c>edge-alpr bench modes</c> reads each photo in
/// every mode): callers hold it without knowing how pictures are kept in memory.
/// </summary>
public sealed class DecodedPicture : IDisposable
{
    private DecodedPicture(Mat bgr) => Bgr = bgr;

    internal Mat Bgr { get; }

    /// <summary>Decodes an encoded image (JPEG, PNG, …) of at most <paramref name="maxPixels"/> pixels.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="maxPixels">The most pixels its header may declare (<see cref="RecognitionOptions.MaxPicturePixels"/>).</param>
    /// <exception cref="Core.Imaging.InvalidImageException">The bytes are not a complete, decodable image, or it is too large.</exception>
    public static DecodedPicture Decode(byte[] encoded, long maxPixels = Core.Imaging.PictureHeader.DefaultMaxPixels) =>
        new(ImageDecoder.Decode(encoded, maxPixels));

    public void Dispose() => Bgr.Dispose();
}
