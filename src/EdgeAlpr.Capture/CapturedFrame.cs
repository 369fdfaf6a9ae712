using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Capture;

/// <summary>A frame as captured: the picture (owned by whoever holds the frame), its index in the stream and its capture time.</summary>
public sealed class CapturedFrame(BgrPicture image, long index, DateTimeOffset capturedAt) : IDisposable
{
    public BgrPicture Image { get; } = image;

    public long Index { get; } = index;

    public DateTimeOffset CapturedAt { get; } = capturedAt;

    public void Dispose() => Image.Dispose();
}
