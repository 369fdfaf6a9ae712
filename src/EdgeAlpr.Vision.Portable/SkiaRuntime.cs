using SkiaSharp;

namespace EdgeAlpr.Vision.Portable;

/// <summary>Checks that SkiaSharp's native library (libSkiaSharp.so) loads on this machine.</summary>
internal static class SkiaRuntime
{
    public static void EnsureAvailable()
    {
        try
        {
            using var probe = new SKBitmap(1, 1);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new DllNotFoundException(
                "SkiaSharp's native library libSkiaSharp.so cannot be loaded on this machine "
                    + $"({(ex.InnerException ?? ex).Message.Split('\n')[0].Trim()}); it ships beside the agent in every publish (hardware/README.md)",
                ex
            );
        }
    }
}
