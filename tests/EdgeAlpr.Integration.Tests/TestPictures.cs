using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Vision.OpenCv;
using EdgeAlpr.Vision.Portable;

namespace EdgeAlpr.Integration.Tests;

/// <summary>Both picture-operation implementations, and the pictures tests make.</summary>
internal static class TestPictures
{
    public static readonly IPictureOperations Portable = new PortablePictures();

    public static readonly IPictureOperations OpenCv = new OpenCvPictures();

    /// <summary>The implementations' names, for a theory that must hold for each.</summary>
    public static TheoryData<string> Implementations => [PortablePictures.ImplementationName, OpenCvPictures.ImplementationName];

    public static IPictureOperations Named(string name) => name == OpenCvPictures.ImplementationName ? OpenCv : Portable;

    public static BgrPicture Decode(string path) => Portable.Decode(File.ReadAllBytes(path), PictureHeader.DefaultMaxPixels);

    /// <summary>Paints a rectangle one colour.</summary>
    public static void Fill(BgrPicture picture, PixelRect region, byte blue, byte green, byte red)
    {
        for (int y = region.Y; y < region.Y + region.Height; y++)
        {
            Span<byte> row = picture.Row(y);
            for (int x = region.X; x < region.X + region.Width; x++)
            {
                row[3 * x] = blue;
                row[(3 * x) + 1] = green;
                row[(3 * x) + 2] = red;
            }
        }
    }

    /// <summary>The view panned <paramref name="dx"/> pixels to the right: content moves left, the right edge repeats.</summary>
    public static BgrPicture Panned(BgrPicture source, int dx)
    {
        BgrPicture frame = BgrPicture.Create(source.Width, source.Height);
        for (int y = 0; y < source.Height; y++)
        {
            Span<byte> from = source.Row(y);
            Span<byte> to = frame.Row(y);
            for (int x = 0; x < source.Width; x++)
            {
                int s = 3 * Math.Min(x + dx, source.Width - 1);
                to[3 * x] = from[s];
                to[(3 * x) + 1] = from[s + 1];
                to[(3 * x) + 2] = from[s + 2];
            }
        }

        return frame;
    }
}
