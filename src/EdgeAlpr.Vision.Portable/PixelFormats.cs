using System.Runtime.Intrinsics;

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

    /// <summary>
    /// Drops the fourth byte of every pixel. Runs on every decoded photo (8 MB for 1080p), so four
    /// pixels go per vector shuffle (SSSE3 on x86-64, TBL on arm64), each store 16 bytes of which
    /// the next overwrites the last 4.
    /// </summary>
    public static void BgraToBgr(ReadOnlySpan<byte> bgra, Span<byte> bgr)
    {
        int pixels = bgra.Length / 4;
        if (bgr.Length < pixels * 3)
        {
            throw new ArgumentException($"BGR buffer holds {bgr.Length} bytes, needs {pixels * 3}", nameof(bgr));
        }

        int i = 0,
            o = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> drop = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 255, 255, 255, 255);
            // The last full vector store must end inside bgr: stop while 16 bytes remain after o.
            for (; i + 16 <= bgra.Length && o + 16 <= bgr.Length; i += 16, o += 12)
            {
                Vector128.Shuffle(Vector128.Create(bgra.Slice(i, 16)), drop).CopyTo(bgr.Slice(o, 16));
            }
        }

        for (; i + 4 <= bgra.Length; i += 4, o += 3)
        {
            bgr[o] = bgra[i];
            bgr[o + 1] = bgra[i + 1];
            bgr[o + 2] = bgra[i + 2];
        }
    }

    /// <summary>OpenCV's BGR-to-grey weights in 14-bit fixed point (0.114 B + 0.587 G + 0.299 R), so both libraries agree.</summary>
    public static byte Gray(byte blue, byte green, byte red) => (byte)(((blue * 1868) + (green * 9617) + (red * 4899) + 8192) >> 14);
}
