using System.Threading.Channels;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// Alerts between matching and the in-cab outputs. Bounded, so a stuck sound device cannot
/// take memory without end; matching never waits on it (an alert that does not fit is logged
/// and the hit is still stored and forwarded).
/// </summary>
public sealed class AlertQueue
{
    private readonly Channel<RaisedAlert> _channel;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AlertQueue(ReadPathOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.AlertQueue;
        _channel = Channel.CreateBounded<RaisedAlert>(
            new BoundedChannelOptions(options.AlertQueue)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = false, // matching, and hot-list updates that hit past reads
            }
        );
    }

    public int Capacity { get; }

    public ChannelReader<RaisedAlert> Reader => _channel.Reader;

    /// <summary>Completes once the last alert has been dispatched (shown, sounded and audited) after <see cref="Complete"/>.</summary>
    public Task Drained => _drained.Task;

    public int Count => _channel.Reader.Count;

    public bool TryAdd(RaisedAlert alert) => _channel.Writer.TryWrite(alert);

    public void Complete() => _channel.Writer.TryComplete();

    internal void MarkDrained() => _drained.TrySetResult();
}
