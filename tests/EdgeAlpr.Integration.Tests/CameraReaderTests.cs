using EdgeAlpr.Capture;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The reader's reconnect and queue behaviour, driven by a scripted live source (real OpenCV frames).</summary>
public sealed class CameraReaderTests
{
    /// <summary>
    /// A live source that fails to open <c>failures</c> times, then streams <c>frames</c> frames per connection,
    /// <c>connections</c> times.
    /// </summary>
    private sealed class ScriptedLiveSource(int failures, int frames, int connections) : IFrameSource
    {
        private int _opens;
        private int _sent;

        public string Description => "scripted";

        public bool IsLive => true;

        public int Opened { get; private set; }

        public void Open()
        {
            if (_opens++ < failures || Opened >= connections)
            {
                throw new CaptureException("camera not answering");
            }

            Opened++;
            _sent = 0;
        }

        public (BgrPicture Image, TimeSpan StreamTime)? Read() =>
            _sent++ < frames ? (BgrPicture.Filled(8, 8, (byte)_sent, (byte)_sent, (byte)_sent), TimeSpan.FromMilliseconds(_sent * 100)) : null;

        public void Dispose() { }
    }

    private static CameraReaderOptions Fast(int maxAttempts) =>
        new()
        {
            ReconnectInitial = TimeSpan.FromMilliseconds(10),
            ReconnectMaximum = TimeSpan.FromMilliseconds(40),
            MaxReconnectAttempts = maxAttempts,
            QueueCapacity = 100,
        };

    [Fact]
    public async Task A_live_camera_that_fails_and_drops_is_reconnected_and_reported()
    {
        var source = new ScriptedLiveSource(failures: 2, frames: 5, connections: 2);
        var reader = new CameraReader("cam1", source, Fast(maxAttempts: 3));
        var states = new List<CameraState>();
        reader.StatusChanged += s => states.Add(s.State);

        await reader.RunAsync(CancellationToken.None);
        var received = new List<CapturedFrame>();
        await foreach (CapturedFrame f in reader.Frames.ReadAllAsync())
        {
            received.Add(f);
        }

        Assert.Equal(2, source.Opened);
        Assert.Equal(10, received.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), received.Select(f => f.Index));
        Assert.Equal(
            [
                CameraState.Connecting,
                CameraState.Reconnecting,
                CameraState.Reconnecting,
                CameraState.Connected,
                CameraState.Reconnecting,
                CameraState.Connected,
                CameraState.Reconnecting,
                CameraState.Reconnecting,
                CameraState.Reconnecting,
                CameraState.Failed,
            ],
            states
        );
        Assert.Equal("camera not answering", reader.Status!.Reason); // the last reason it could not reconnect
        received.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task A_slow_consumer_loses_the_oldest_frames_of_a_live_camera_and_they_are_counted()
    {
        var source = new ScriptedLiveSource(failures: 0, frames: 50, connections: 1);
        var reader = new CameraReader("cam1", source, Fast(maxAttempts: 1) with { QueueCapacity = 4 });

        await reader.RunAsync(CancellationToken.None); // nothing consumed meanwhile
        var kept = new List<CapturedFrame>();
        await foreach (CapturedFrame f in reader.Frames.ReadAllAsync())
        {
            kept.Add(f);
        }

        Assert.Equal(50, reader.Captured);
        Assert.Equal(46, reader.Dropped);
        Assert.Equal([46L, 47, 48, 49], kept.Select(f => f.Index));
        kept.ForEach(f => f.Dispose());
    }
}
