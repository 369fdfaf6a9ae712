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

    /// <summary>Decodes an encoded image (JPEG, PNG, …).</summary>
    /// <exception cref="Core.Imaging.InvalidImageException">The bytes are not a complete, decodable image.</exception>
    public static DecodedPicture Decode(byte[] encoded) => new(ImageDecoder.Decode(encoded));

    public void Dispose() => Bgr.Dispose();
}
