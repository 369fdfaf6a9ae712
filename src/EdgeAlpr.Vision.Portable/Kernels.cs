using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Vision.Portable;

/// <summary>
/// Where an interpolated sample comes from along one axis: the source indices (clamped to the
/// picture, so the edge repeats) and their weights. The kernels and their conventions are
/// OpenCV's (half-pixel centres, cubic with a = -0.75, Lanczos over 8 taps), so a model
/// trained on OpenCV-resized crops sees the same pixels within a grey level.
/// </summary>
internal static class Kernels
{
    /// <summary>Most taps any kernel uses along one axis.</summary>
    public const int MaxTaps = 8;

    /// <summary>Taps for a sample at source coordinate <paramref name="f"/> (pixel centres at integers).</summary>
    /// <returns>Number of taps written.</returns>
    public static int Taps(OcrInterpolation kernel, float f, int size, Span<int> index, Span<float> weight)
    {
        int last = size - 1;
        switch (kernel)
        {
            case OcrInterpolation.Nearest:
                index[0] = Math.Clamp((int)MathF.Round(f, MidpointRounding.AwayFromZero), 0, last);
                weight[0] = 1f;
                return 1;
            case OcrInterpolation.Linear:
            case OcrInterpolation.Area:
            {
                int i0 = (int)MathF.Floor(f);
                float a = f - i0;
                index[0] = Math.Clamp(i0, 0, last);
                index[1] = Math.Clamp(i0 + 1, 0, last);
                weight[0] = 1f - a;
                weight[1] = a;
                return 2;
            }
            case OcrInterpolation.Cubic:
            {
                int i0 = (int)MathF.Floor(f);
                float t = f - i0;
                const float A = -0.75f;
                weight[0] = ((((A * (t + 1)) - (5 * A)) * (t + 1)) + (8 * A)) * (t + 1) - (4 * A);
                weight[1] = ((((A + 2) * t) - (A + 3)) * t * t) + 1;
                weight[2] = ((((A + 2) * (1 - t)) - (A + 3)) * (1 - t) * (1 - t)) + 1;
                weight[3] = 1f - weight[0] - weight[1] - weight[2];
                for (int k = 0; k < 4; k++)
                {
                    index[k] = Math.Clamp(i0 - 1 + k, 0, last);
                }

                return 4;
            }
            case OcrInterpolation.Lanczos4:
            {
                int i0 = (int)MathF.Floor(f);
                float t = f - i0;
                float sum = 0;
                for (int k = 0; k < 8; k++)
                {
                    float x = t - (k - 3);
                    float w = x == 0 ? 1f : 4f * MathF.Sin(MathF.PI * x) * MathF.Sin(MathF.PI * x / 4f) / (MathF.PI * MathF.PI * x * x);
                    weight[k] = w;
                    sum += w;
                    index[k] = Math.Clamp(i0 - 3 + k, 0, last);
                }

                for (int k = 0; k < 8; k++)
                {
                    weight[k] /= sum;
                }

                return 8;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown interpolation");
        }
    }

    /// <summary>
    /// Taps for output pixel <paramref name="o"/> of a resize by <paramref name="scale"/> (source
    /// pixels per output pixel) starting at <paramref name="origin"/>. Area, when shrinking,
    /// averages every source pixel the output pixel covers (weights by overlap); when growing,
    /// it is linear, as in OpenCV.
    /// </summary>
    public static int ResizeTaps(OcrInterpolation kernel, int o, double scale, int origin, int size, Span<int> index, Span<float> weight)
    {
        if (kernel == OcrInterpolation.Nearest)
        {
            // OpenCV's nearest resize takes floor(o × scale), not the centre.
            index[0] = origin + Math.Min((int)Math.Floor(o * scale), size - 1);
            weight[0] = 1f;
            return 1;
        }

        if (kernel == OcrInterpolation.Area && scale > 1)
        {
            double start = o * scale,
                end = (o + 1) * scale;
            int first = (int)Math.Floor(start);
            int count = 0;
            for (int i = first; i < end && count < index.Length; i++)
            {
                double overlap = Math.Min(end, i + 1) - Math.Max(start, i);
                if (overlap <= 0)
                {
                    continue;
                }

                index[count] = origin + Math.Min(i, size - 1);
                weight[count] = (float)(overlap / scale);
                count++;
            }

            return count;
        }

        int taps = Taps(kernel, (float)(((o + 0.5) * scale) - 0.5), size, index, weight);
        for (int k = 0; k < taps; k++)
        {
            index[k] += origin;
        }

        return taps;
    }

    /// <summary>Rounds a sample to a byte, saturating.</summary>
    public static byte ToByte(float v) =>
        v <= 0 ? (byte)0
        : v >= 255 ? (byte)255
        : (byte)(v + 0.5f);
}
