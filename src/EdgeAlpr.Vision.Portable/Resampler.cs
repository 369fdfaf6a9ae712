using System.Buffers;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Vision.Portable;

/// <summary>Resizes and warps BGR pixels with one of the <see cref="Kernels"/>; the edge repeats past the picture.</summary>
internal static class Resampler
{
    /// <summary>Stretches a region of a picture to <paramref name="width"/> × <paramref name="height"/> BGR bytes.</summary>
    public static void Resize(BgrPicture source, PixelRect region, int width, int height, OcrInterpolation kernel, Span<byte> bgr)
    {
        if (region.IsEmpty || region.X < 0 || region.Y < 0 || region.X + region.Width > source.Width || region.Y + region.Height > source.Height)
        {
            throw new ArgumentException($"region {region} is empty or not inside the {source.Width}x{source.Height} picture", nameof(region));
        }

        if (bgr.Length < width * height * 3)
        {
            throw new ArgumentException($"destination holds {bgr.Length} bytes, needs {width * height * 3}", nameof(bgr));
        }

        if (kernel == OcrInterpolation.Linear)
        {
            LinearResize.Resize(source, region, width, height, bgr);
            return;
        }

        double scaleX = (double)region.Width / width,
            scaleY = (double)region.Height / height;
        using var columns = new TapTable(kernel, width, scaleX, region.X, region.Width);
        using var rows = new TapTable(kernel, height, scaleY, region.Y, region.Height);
        ReadOnlySpan<byte> pixels = source.Pixels;
        int stride = source.Stride;
        int o = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<int> yIndex = rows.Indices(y);
            ReadOnlySpan<float> yWeight = rows.Weights(y);
            for (int x = 0; x < width; x++, o += 3)
            {
                ReadOnlySpan<int> xIndex = columns.Indices(x);
                ReadOnlySpan<float> xWeight = columns.Weights(x);
                float b = 0,
                    g = 0,
                    r = 0;
                for (int j = 0; j < yIndex.Length; j++)
                {
                    int row = yIndex[j] * stride;
                    float rb = 0,
                        rg = 0,
                        rr = 0;
                    for (int i = 0; i < xIndex.Length; i++)
                    {
                        int p = row + (xIndex[i] * 3);
                        float w = xWeight[i];
                        rb += w * pixels[p];
                        rg += w * pixels[p + 1];
                        rr += w * pixels[p + 2];
                    }

                    b += yWeight[j] * rb;
                    g += yWeight[j] * rg;
                    r += yWeight[j] * rr;
                }

                bgr[o] = Kernels.ToByte(b);
                bgr[o + 1] = Kernels.ToByte(g);
                bgr[o + 2] = Kernels.ToByte(r);
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="width"/> × <paramref name="height"/> BGR bytes, output pixel (u, v)
    /// sampled at source (m00·u + m01·v + m02, m10·u + m11·v + m12): margin, rotation and
    /// resize in one pass over the small output, never over the whole frame.
    /// </summary>
    public static void Warp(BgrPicture source, ReadOnlySpan<double> inverse, int width, int height, OcrInterpolation kernel, Span<byte> bgr)
    {
        // As in OpenCV, area averaging has no meaning under a warp: it samples linearly.
        OcrInterpolation k = kernel == OcrInterpolation.Area ? OcrInterpolation.Linear : kernel;
        Span<int> xi = stackalloc int[Kernels.MaxTaps];
        Span<float> xw = stackalloc float[Kernels.MaxTaps];
        Span<int> yi = stackalloc int[Kernels.MaxTaps];
        Span<float> yw = stackalloc float[Kernels.MaxTaps];
        ReadOnlySpan<byte> pixels = source.Pixels;
        int stride = source.Stride;
        int o = 0;
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++, o += 3)
            {
                float fx = (float)((inverse[0] * u) + (inverse[1] * v) + inverse[2]);
                float fy = (float)((inverse[3] * u) + (inverse[4] * v) + inverse[5]);
                int nx = Kernels.Taps(k, fx, source.Width, xi, xw);
                int ny = Kernels.Taps(k, fy, source.Height, yi, yw);
                float b = 0,
                    g = 0,
                    r = 0;
                for (int j = 0; j < ny; j++)
                {
                    int row = yi[j] * stride;
                    for (int i = 0; i < nx; i++)
                    {
                        int p = row + (xi[i] * 3);
                        float w = yw[j] * xw[i];
                        b += w * pixels[p];
                        g += w * pixels[p + 1];
                        r += w * pixels[p + 2];
                    }
                }

                bgr[o] = Kernels.ToByte(b);
                bgr[o + 1] = Kernels.ToByte(g);
                bgr[o + 2] = Kernels.ToByte(r);
            }
        }
    }

    /// <summary>Each output column's (or row's) taps, computed once per resize rather than per pixel.</summary>
    private readonly struct TapTable : IDisposable
    {
        private readonly int[] _indices;
        private readonly float[] _weights;
        private readonly int[] _counts;
        private readonly int _capacity;

        public TapTable(OcrInterpolation kernel, int outputs, double scale, int origin, int size)
        {
            _capacity = kernel == OcrInterpolation.Area && scale > 1 ? (int)Math.Ceiling(scale) + 1 : Kernels.MaxTaps;
            _indices = ArrayPool<int>.Shared.Rent(outputs * _capacity);
            _weights = ArrayPool<float>.Shared.Rent(outputs * _capacity);
            _counts = ArrayPool<int>.Shared.Rent(outputs);
            for (int o = 0; o < outputs; o++)
            {
                _counts[o] = Kernels.ResizeTaps(
                    kernel,
                    o,
                    scale,
                    origin,
                    size,
                    _indices.AsSpan(o * _capacity, _capacity),
                    _weights.AsSpan(o * _capacity, _capacity)
                );
            }
        }

        public ReadOnlySpan<int> Indices(int o) => _indices.AsSpan(o * _capacity, _counts[o]);

        public ReadOnlySpan<float> Weights(int o) => _weights.AsSpan(o * _capacity, _counts[o]);

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(_indices);
            ArrayPool<float>.Shared.Return(_weights);
            ArrayPool<int>.Shared.Return(_counts);
        }
    }
}
