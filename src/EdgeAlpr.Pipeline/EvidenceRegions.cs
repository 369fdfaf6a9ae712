using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Pipeline;

/// <summary>The parts of a frame a read keeps as evidence: the plate, and the vehicle around it.</summary>
public static class EvidenceRegions
{
    /// <summary>JPEG quality of evidence: the bytes are the master copy, hashed at capture.</summary>
    public const int JpegQuality = 92;

    /// <summary>The vehicle region around a plate: four plate-widths wide, mostly above the plate (where the car is).</summary>
    public static PixelRect Context(BoundingBox plate, int width, int height)
    {
        float w = plate.Width,
            h = plate.Height;
        var region = new BoundingBox(plate.X1 - (1.5f * w), plate.Y1 - (6f * h), plate.X2 + (1.5f * w), plate.Y2 + (2f * h));
        return region.ToPixelRect(width, height);
    }

    /// <summary>The plate with a little margin.</summary>
    public static PixelRect Plate(BoundingBox plate, int width, int height) => plate.Expand(0.15f).ToPixelRect(width, height);
}
