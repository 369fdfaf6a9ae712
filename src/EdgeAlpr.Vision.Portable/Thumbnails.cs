using System.Buffers;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Vision.Portable;

/// <summary>Small grey copies of frames for the motion gate, one pass over the frame.</summary>
internal static class Thumbnails
{
    /// <summary>
    /// Each thumbnail pixel is the mean grey of the block of frame pixels it covers. In blocks of
    /// 4 × 4 or more only every other row and column is summed: the mean of a 12 × 12 block barely
    /// moves, and the gate runs on every frame of every camera, so it reads a quarter of the bytes.
    /// </summary>
    public static void WriteGray(BgrPicture picture, int width, int height, Span<byte> gray)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (gray.Length < width * height)
        {
            throw new ArgumentException($"thumbnail buffer holds {gray.Length} bytes, needs {width * height}", nameof(gray));
        }

        int sourceWidth = picture.Width,
            sourceHeight = picture.Height;
        int step = sourceWidth >= 4 * width && sourceHeight >= 4 * height ? 2 : 1;
        int[] columnOf = ArrayPool<int>.Shared.Rent(sourceWidth);
        long[] sums = ArrayPool<long>.Shared.Rent(width * height);
        int[] counts = ArrayPool<int>.Shared.Rent(width * height);
        try
        {
            for (int x = 0; x < sourceWidth; x++)
            {
                columnOf[x] = (int)((long)x * width / sourceWidth);
            }

            Array.Clear(sums, 0, width * height);
            Array.Clear(counts, 0, width * height);
            ReadOnlySpan<byte> pixels = picture.Pixels;
            int stride = picture.Stride;
            for (int y = 0; y < sourceHeight; y += step)
            {
                int row = (int)((long)y * height / sourceHeight) * width;
                int offset = y * stride;
                for (int x = 0; x < sourceWidth; x += step)
                {
                    int p = offset + (x * 3);
                    int cell = row + columnOf[x];
                    sums[cell] += PixelFormats.Gray(pixels[p], pixels[p + 1], pixels[p + 2]);
                    counts[cell]++;
                }
            }

            for (int i = 0; i < width * height; i++)
            {
                gray[i] = counts[i] == 0 ? (byte)0 : (byte)((sums[i] + (counts[i] / 2)) / counts[i]);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columnOf);
            ArrayPool<long>.Shared.Return(sums);
            ArrayPool<int>.Shared.Return(counts);
        }
    }
}
