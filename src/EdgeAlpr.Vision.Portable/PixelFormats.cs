namespace EdgeAlpr.Vision.Portable;

/// <summary>Pixel layout conversions between Skia's four-byte pixels and the agent's three-byte ones.</summary>
internal static class PixelFormats
{
    public static void BgrToBgra(ReadOnlySpan<byte> bgr, Span<byte> bgra)
    {
        int pixels = bgr.Length / 3;
        if (bgra.Length < pixels * 4)
        {
            throw new ArgumentException($"BGRA buffer holds {bgra.Length} bytes, needs {pixels * 4}", nameof(bgra));
        }

        for (int i = 0, o = 0; i < pixels * 3; i += 3, o += 4)
        {
            bgra[o] = bgr[i];
            bgra[o + 1] = bgr[i + 1];
            bgra[o + 2] = bgr[i + 2];
            bgra[o + 3] = 255;
        }
    }

    /// <summary>OpenCV's BGR-to-grey weights in 14-bit fixed point (0.114 B + 0.587 G + 0.299 R), so both libraries agree.</summary>
    public static byte Gray(byte blue, byte green, byte red) => (byte)(((blue * 1868) + (green * 9617) + (red * 4899) + 8192) >> 14);
}
