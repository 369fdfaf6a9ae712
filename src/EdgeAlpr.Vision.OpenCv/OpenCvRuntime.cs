using OpenCvSharp;

namespace EdgeAlpr.Vision.OpenCv;

/// <summary>
/// Checks once, at start, that OpenCV's native library (libOpenCvSharpExtern.so) loads, so a
/// board without it gets one clear message instead of a type-initialiser crash on the first frame.
/// </summary>
internal static class OpenCvRuntime
{
    public static void EnsureAvailable()
    {
        try
        {
            using var probe = new Mat(1, 1, MatType.CV_8UC1);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new DllNotFoundException(
                "OpenCV's native library libOpenCvSharpExtern.so cannot be loaded on this machine "
                    + $"({(ex.InnerException ?? ex).Message.Split('\n')[0].Trim()}); set Recognition:Imaging to portable (the default where OpenCV is missing)",
                ex
            );
        }
    }
}
