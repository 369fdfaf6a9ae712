using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Capture;

/// <summary>One camera or recording, read frame by frame. Not thread-safe: one reader.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>What it is, for messages: a path or a URL without credentials.</summary>
    string Description { get; }

    /// <summary>A live source is reopened when lost; a finite one (file, folder) ends.</summary>
    bool IsLive { get; }

    /// <exception cref="CaptureException">It cannot be opened; the message says why.</exception>
    void Open();

    /// <summary>The next frame and its time within the stream, or null at its end (or when a live stream is lost).</summary>
    (BgrPicture Image, TimeSpan StreamTime)? Read();

    /// <summary>Why the last <see cref="Read"/> returned null, when the source knows.</summary>
    string? LossReason => null;
}
