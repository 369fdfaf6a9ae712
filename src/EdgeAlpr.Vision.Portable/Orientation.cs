using EdgeAlpr.Core.Imaging;
using SkiaSharp;

namespace EdgeAlpr.Vision.Portable;

/// <summary>Turns decoded pixels upright as the picture's EXIF orientation says (a phone photo is often stored on its side).</summary>
internal static class Orientation
{
    /// <param name="bgra">Decoded pixels, 4 bytes each, <paramref name="width"/> × <paramref name="height"/> as stored.</param>
    /// <param name="width">Stored width.</param>
    /// <param name="height">Stored height.</param>
    /// <param name="origin">Where the stored picture's first pixel belongs when shown.</param>
    public static BgrPicture Upright(ReadOnlySpan<byte> bgra, int width, int height, SKEncodedOrigin origin)
    {
        bool swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        int outWidth = swaps ? height : width;
        int outHeight = swaps ? width : height;
        BgrPicture picture = BgrPicture.Create(outWidth, outHeight);
        Span<byte> dst = picture.Pixels;
        if (origin is SKEncodedOrigin.TopLeft or (SKEncodedOrigin)0)
        {
            PixelFormats.BgraToBgr(bgra, dst);
            return picture;
        }

        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                (int sx, int sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (width - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, height - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, height - 1 - x),
                    SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x),
                    SKEncodedOrigin.LeftBottom => (width - 1 - y, x),
                    _ => (x, y),
                };
                int i = ((sy * width) + sx) * 4;
                int o = ((y * outWidth) + x) * 3;
                dst[o] = bgra[i];
                dst[o + 1] = bgra[i + 1];
                dst[o + 2] = bgra[i + 2];
            }
        }

        return picture;
    }
}
