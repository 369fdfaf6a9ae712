using EdgeAlpr.Contracts;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// A read as it leaves recognition and tracking, with when it left (a <see cref="TimeProvider.GetTimestamp"/>
/// value, for the alert's and the store's latency).
/// </summary>
public readonly record struct SourcedRead(PlateRead Read, long At);

/// <summary>
/// The cameras, as reads: each camera captures, recognises within the shared CPU budget and tracks,
/// and emits one read per vehicle pass. Implemented by the camera pipeline (<c>EdgeAlpr.Pipeline</c>);
/// both <c>edge-alpr run</c> and <c>edge-alpr process</c> take their reads from it.
/// </summary>
public interface IReadSource
{
    /// <summary>Raised when a camera connects, reconnects, ends or fails.</summary>
    event Action<CameraStatus>? CameraChanged;

    /// <summary>The cameras' ids, once opened.</summary>
    IReadOnlyList<string> CameraIds { get; }

    /// <summary>Reads waiting for matching.</summary>
    int Waiting { get; }

    /// <summary>True while frames wait and none has been recognised for a minute.</summary>
    bool Stalled { get; }

    /// <summary>Loads what recognition needs and prepares every camera; fails for what an administrator must fix.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts capture and yields every read. Capture stops when <paramref name="stopCapture"/> is
    /// cancelled (or the sources end); frames already captured are still recognised and open passes
    /// closed into reads, so the enumeration ends only once everything seen has been read.
    /// </summary>
    IAsyncEnumerable<SourcedRead> ReadAsync(CancellationToken stopCapture);

    /// <summary>Each camera's state and rates, for health and status.</summary>
    IReadOnlyList<WireCamera> Cameras();
}
