namespace EdgeAlpr.Vision.Portable;

/// <summary>
/// The CIE L*a*b* lightness of sRGB pixels (D65), taken out as an 8-bit plane (L × 255 / 100,
/// OpenCV's 8-bit convention) and put back with the pixels' a* and b* kept: contrast changes
/// touch brightness only, so a plate's colours stay what they were.
/// </summary>
internal static class LabLightness
{
    private static readonly float[] Linear = BuildLinear();

    /// <summary>Splits BGR pixels into an 8-bit lightness plane and their a*, b* (two floats a pixel).</summary>
    public static void Split(ReadOnlySpan<byte> bgr, Span<byte> lightness, Span<float> ab)
    {
        for (int p = 0, i = 0; i < lightness.Length; i++, p += 3)
        {
            float r = Linear[bgr[p + 2]],
                g = Linear[bgr[p + 1]],
                b = Linear[bgr[p]];
            float fx = F(((0.412453f * r) + (0.357580f * g) + (0.180423f * b)) / 0.950456f);
            float fy = F((0.212671f * r) + (0.715160f * g) + (0.072169f * b));
            float fz = F(((0.019334f * r) + (0.119193f * g) + (0.950227f * b)) / 1.088754f);
            float l = (116f * fy) - 16f;
            lightness[i] = Kernels.ToByte(l * 255f / 100f);
            ab[2 * i] = 500f * (fx - fy);
            ab[(2 * i) + 1] = 200f * (fy - fz);
        }
    }

    /// <summary>BGR pixels again from a (changed) lightness plane and the a*, b* <see cref="Split"/> kept.</summary>
    public static void Merge(ReadOnlySpan<byte> lightness, ReadOnlySpan<float> ab, Span<byte> bgr)
    {
        for (int p = 0, i = 0; i < lightness.Length; i++, p += 3)
        {
            float l = lightness[i] * 100f / 255f;
            float fy = (l + 16f) / 116f;
            float fx = fy + (ab[2 * i] / 500f);
            float fz = fy - (ab[(2 * i) + 1] / 200f);
            float x = FInverse(fx) * 0.950456f,
                y = FInverse(fy),
                z = FInverse(fz) * 1.088754f;
            float r = (3.240479f * x) - (1.537150f * y) - (0.498535f * z);
            float g = (-0.969256f * x) + (1.875992f * y) + (0.041556f * z);
            float b = (0.055648f * x) - (0.204043f * y) + (1.057311f * z);
            bgr[p] = Gamma(b);
            bgr[p + 1] = Gamma(g);
            bgr[p + 2] = Gamma(r);
        }
    }

    private static float F(float t) => t > 0.008856f ? MathF.Cbrt(t) : (7.787f * t) + (16f / 116f);

    private static float FInverse(float f) => f > 0.206893f ? f * f * f : (f - (16f / 116f)) / 7.787f;

    private static byte Gamma(float linear)
    {
        float c = Math.Clamp(linear, 0f, 1f);
        float s = c <= 0.0031308f ? 12.92f * c : (1.055f * MathF.Pow(c, 1f / 2.4f)) - 0.055f;
        return Kernels.ToByte(s * 255f);
    }

    private static float[] BuildLinear()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            float s = i / 255f;
            table[i] = s <= 0.04045f ? s / 12.92f : MathF.Pow((s + 0.055f) / 1.055f, 2.4f);
        }

        return table;
    }
}
