using EdgeAlpr.Application.Ports;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// The one read path of <c>edge-alpr run</c> and <c>edge-alpr process</c>: the location receiver
/// first (so the first reads have a fix by the time the models are loaded), then the cameras as
/// reads (capture → recognise → track), each read matched, then handed to what the caller does
/// with it: the agent stores it, <c>process</c> writes it as a JSON line.
/// </summary>
public sealed class ReadFlow(IReadSource source, ReadMatcher matcher, ILocationSource? location = null) : IDisposable
{
    private readonly CancellationTokenSource _stopLocation = new();
    private Task _locating = Task.CompletedTask;

    public IReadSource Source => source;

    public ReadMatcher Matcher => matcher;

    /// <summary>Starts the location receiver and opens the cameras; on failure the receiver is stopped again.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (location is not null)
        {
            _locating = location.RunAsync(_stopLocation.Token);
        }

        try
        {
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Captures until <paramref name="stopCapture"/> (or the sources end), matches every read and
    /// hands it to <paramref name="sink"/>, one after another; ends once every read seen is handed on. A doubtful read
    /// the matcher suppresses is counted there and goes no further: not stored, not written, not forwarded.
    /// </summary>
    public async Task RunAsync(Func<MatchedRead, Task> sink, CancellationToken stopCapture)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await foreach (SourcedRead read in source.ReadAsync(stopCapture).ConfigureAwait(false))
        {
            MatchedRead matched = matcher.Match(read);
            if (!matched.Suppressed)
            {
                await sink(matched).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the location receiver.</summary>
    public async Task CloseAsync()
    {
        await _stopLocation.CancelAsync().ConfigureAwait(false);
        try
        {
            await _locating.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The receiver stops with the read path.
        }
    }

    public void Dispose() => _stopLocation.Dispose();
}
