using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Reads;
using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>Cuts and encodes a read's evidence: the plate, and the vehicle around it.</summary>
public static class EvidenceImages
{
    public const int JpegQuality = 92;

    /// <summary>The vehicle region around a plate: four plate-widths wide, mostly above the plate (where the car is).</summary>
    public static PixelRect ContextRegion(BoundingBox plate, int width, int height)
    {
        float w = plate.Width,
            h = plate.Height;
        var region = new BoundingBox(plate.X1 - (1.5f * w), plate.Y1 - (6f * h), plate.X2 + (1.5f * w), plate.Y2 + (2f * h));
        return region.ToPixelRect(width, height);
    }

    /// <summary>The plate with a little margin.</summary>
    public static PixelRect PlateRegion(BoundingBox plate, int width, int height) => plate.Expand(0.15f).ToPixelRect(width, height);

    /// <summary>A copy of a region of a frame, kept until the read is made (the frame itself is released at once).</summary>
    public static Mat CopyRegion(Mat frame, PixelRect region) => new Mat(frame, new Rect(region.X, region.Y, region.Width, region.Height)).Clone();

    public static EvidenceImage EncodeJpeg(Mat image) =>
        new(image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, JpegQuality)), "image/jpeg");
}
