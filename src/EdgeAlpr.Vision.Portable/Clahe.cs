namespace EdgeAlpr.Vision.Portable;

/// <summary>
/// Contrast-limited adaptive histogram equalisation of one 8-bit plane, as OpenCV does it:
/// a clipped histogram per tile turned into a lookup table, each pixel mapped through the
/// four nearest tiles' tables and blended by its distance to their centres. A dim or
/// washed-out plate gets its strokes back without the noise of plain equalisation.
/// </summary>
internal static class Clahe
{
    /// <param name="plane">The plane, changed in place.</param>
    /// <param name="width">Its width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="clipLimit">How many times the mean a histogram bin may hold (OpenCV's clipLimit).</param>
    /// <param name="tilesX">Tiles across.</param>
    /// <param name="tilesY">Tiles down.</param>
    public static void Apply(Span<byte> plane, int width, int height, double clipLimit, int tilesX, int tilesY)
    {
        int tileWidth = (width + tilesX - 1) / tilesX;
        int tileHeight = (height + tilesY - 1) / tilesY;
        var luts = new byte[tilesX * tilesY * 256];
        Span<int> histogram = stackalloc int[256];
        for (int ty = 0; ty < tilesY; ty++)
        {
            for (int tx = 0; tx < tilesX; tx++)
            {
                int x0 = tx * tileWidth,
                    y0 = ty * tileHeight;
                int x1 = Math.Min(x0 + tileWidth, width),
                    y1 = Math.Min(y0 + tileHeight, height);
                histogram.Clear();
                int area = 0;
                for (int y = y0; y < y1; y++)
                {
                    for (int x = x0; x < x1; x++)
                    {
                        histogram[plane[(y * width) + x]]++;
                        area++;
                    }
                }

                BuildLut(histogram, Math.Max(area, 1), clipLimit, luts.AsSpan(((ty * tilesX) + tx) * 256, 256));
            }
        }

        for (int y = 0; y < height; y++)
        {
            float tyf = ((y + 0.5f) / tileHeight) - 0.5f;
            int ty1 = (int)MathF.Floor(tyf);
            float ya = tyf - ty1;
            int ty2 = Math.Min(ty1 + 1, tilesY - 1);
            ty1 = Math.Max(ty1, 0);
            for (int x = 0; x < width; x++)
            {
                float txf = ((x + 0.5f) / tileWidth) - 0.5f;
                int tx1 = (int)MathF.Floor(txf);
                float xa = txf - tx1;
                int tx2 = Math.Min(tx1 + 1, tilesX - 1);
                tx1 = Math.Max(tx1, 0);
                int v = plane[(y * width) + x];
                float top = (luts[(((ty1 * tilesX) + tx1) * 256) + v] * (1 - xa)) + (luts[(((ty1 * tilesX) + tx2) * 256) + v] * xa);
                float bottom = (luts[(((ty2 * tilesX) + tx1) * 256) + v] * (1 - xa)) + (luts[(((ty2 * tilesX) + tx2) * 256) + v] * xa);
                plane[(y * width) + x] = Kernels.ToByte((top * (1 - ya)) + (bottom * ya));
            }
        }
    }

    private static void BuildLut(Span<int> histogram, int area, double clipLimit, Span<byte> lut)
    {
        int limit = Math.Max(1, (int)(clipLimit * area / 256));
        int clipped = 0;
        for (int i = 0; i < 256; i++)
        {
            if (histogram[i] > limit)
            {
                clipped += histogram[i] - limit;
                histogram[i] = limit;
            }
        }

        // The clipped counts go back evenly, the remainder spread across the range.
        int batch = clipped / 256;
        int residual = clipped - (batch * 256);
        for (int i = 0; i < 256; i++)
        {
            histogram[i] += batch;
        }

        if (residual > 0)
        {
            int step = Math.Max(256 / residual, 1);
            for (int i = 0; i < 256 && residual > 0; i += step, residual--)
            {
                histogram[i]++;
            }
        }

        float scale = 255f / area;
        int sum = 0;
        for (int i = 0; i < 256; i++)
        {
            sum += histogram[i];
            lut[i] = Kernels.ToByte(sum * scale);
        }
    }
}
