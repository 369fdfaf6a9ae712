using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Capture;

/// <summary>Chooses the adapter for a source string: URL, V4L2 device, folder of pictures or video file.</summary>
public static class FrameSources
{
    /// <param name="source">rtsp://…, http(s)://…, /dev/videoN, a folder, or a video file.</param>
    /// <param name="folderFps">Frame rate a folder of pictures is played at.</param>
    /// <param name="maxPicturePixels">The most pixels a folder's picture may declare; larger ones are skipped undecoded.</param>
    public static IFrameSource Create(string source, double folderFps, long maxPicturePixels = PictureHeader.DefaultMaxPixels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (
            source.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        )
        {
            return new FfmpegStreamSource(source);
        }

        return Directory.Exists(source) ? new ImageFolderSource(source, folderFps, maxPicturePixels) : new VideoCaptureSource(source);
    }
}
