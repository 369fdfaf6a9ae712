using OpenCvSharp;

namespace EdgeAlpr.Capture;

/// <summary>A frame as captured: the picture (owned by whoever holds the frame), its index in the stream and its capture time.</summary>
public sealed class CapturedFrame(Mat image, long index, DateTimeOffset capturedAt) : IDisposable
{
    public Mat Image { get; } = image;

    public long Index { get; } = index;

    public DateTimeOffset CapturedAt { get; } = capturedAt;

    public void Dispose() => Image.Dispose();
}
