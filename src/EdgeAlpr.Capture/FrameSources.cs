using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Capture;

/// <summary>Chooses the adapter for a source string: URL, V4L2 device, folder of pictures or video file.</summary>
public static class FrameSources
{
    /// <param name="source">rtsp://…, http(s)://…, /dev/videoN, a folder, or a video file.</param>
    /// <param name="folderFps">Frame rate a folder of pictures is played at.</param>
    /// <param name="pictures">Decodes a folder's pictures.</param>
    /// <param name="maxPicturePixels">The most pixels a folder's picture may declare; larger ones are skipped undecoded.</param>
    public static IFrameSource Create(
        string source,
        double folderFps,
        IPictureOperations pictures,
        long maxPicturePixels = PictureHeader.DefaultMaxPixels
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        // Streams, devices and video files all go through ffmpeg; only a folder of pictures is decoded here.
        return Directory.Exists(source) ? new ImageFolderSource(source, folderFps, pictures, maxPicturePixels) : new FfmpegStreamSource(source);
    }
}
