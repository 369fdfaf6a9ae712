using System.Diagnostics;
using System.Threading.Channels;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;

namespace EdgeAlpr.Uplink.Delivery;

/// <summary>
/// Sends the outbox over one connection, at least once: hits and dispositions first, then the
/// rest oldest first; up to a window of items awaiting PUBACK at once; an item leaves the outbox
/// only after the broker acknowledged every message of it. A lost link leaves unacknowledged
/// items where they are, to go again on the next connection (same ids, so the platform can
/// drop the duplicates). A hit queued while reads are being sent goes next.
/// </summary>
internal sealed class OutboxDrainer : IDisposable
{
    private readonly IOutbox _store;
    private readonly OutboundBuilder _builder;
    private readonly UplinkOptions _options;
    private readonly UplinkStatistics _stats;
    private readonly ByteRateLimiter? _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _urgentArrived;

    public OutboxDrainer(IOutbox store, OutboundBuilder builder, UplinkOptions options, UplinkStatistics stats, TimeProvider time, ILogger logger)
    {
        _store = store;
        _builder = builder;
        _options = options;
        _stats = stats;
        _time = time;
        _logger = logger;
        _limiter = options.MaxBytesPerSecond > 0 ? new ByteRateLimiter(options.MaxBytesPerSecond) : null;
        _store.OutboxChanged += OnOutboxChanged;
    }

    /// <summary>
    /// Sends until <paramref name="cancellationToken"/> fires or the link drops; with
    /// <paramref name="stopWhenEmpty"/>, also once nothing due is left and all sent is acknowledged.
    /// Publishes already under way get <paramref name="grace"/> to be acknowledged after cancellation.
    /// True when it stopped because everything due was delivered.
    /// </summary>
    public async Task<bool> RunAsync(IMqttClient client, int window, bool stopWhenEmpty, TimeSpan grace, CancellationToken cancellationToken)
    {
        // An item is in 'sent' from the moment it goes out until it is marked forwarded (or its send failed).
        var sent = new HashSet<long>();
        var acks = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
        // Not disposed: a publish still under way after the grace period releases its slot later.
        var slots = new SemaphoreSlim(window, window);
        Task flusher = FlushAcksAsync(acks.Reader, sent);
        try
        {
            while (!cancellationToken.IsCancellationRequested && client.IsConnected)
            {
                _urgentArrived = false;
                HashSet<long>? skip;
                lock (sent)
                {
                    skip = sent.Count == 0 ? null : [.. sent];
                }

                IReadOnlyList<OutboxItem> batch;
                try
                {
                    batch = _store.PendingOutbox(_options.BatchSize, skip);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store raises its own alarm; the link stays up and the outbox is read again shortly.
                    _logger.OutboxUnreadable(ex, ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (batch.Count == 0)
                {
                    if (stopWhenEmpty && Idle(sent))
                    {
                        return true;
                    }

                    await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (OutboxItem item in batch)
                {
                    if (_urgentArrived && !IsUrgent(item))
                    {
                        break; // a hit came in: read the outbox again so it goes next
                    }

                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (!client.IsConnected)
                    {
                        slots.Release();
                        break;
                    }

                    lock (sent)
                    {
                        sent.Add(item.Id);
                    }

                    _ = SendAsync(client, item, slots, sent, acks.Writer, cancellationToken);
                }
            }

            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: what is under way gets its grace below.
            return false;
        }
        finally
        {
            // Every slot back means every publish has ended (acknowledged or failed).
            using var patience = new CancellationTokenSource(grace, _time);
            try
            {
                for (int taken = 0; taken < window; taken++)
                {
                    await slots.WaitAsync(patience.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Grace is over: what is still unacknowledged stays queued and goes again next time.
            }

            acks.Writer.TryComplete();
            await flusher.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _store.OutboxChanged -= OnOutboxChanged;
        _limiter?.Dispose();
    }

    private static bool IsUrgent(OutboxItem item) => item.Kind is OutboxKind.Hit or OutboxKind.Disposition;

    /// <summary>Nothing on its way and nothing acknowledged but not yet marked forwarded.</summary>
    private static bool Idle(HashSet<long> sent)
    {
        lock (sent)
        {
            return sent.Count == 0;
        }
    }

    private void OnOutboxChanged(bool urgent)
    {
        if (urgent)
        {
            _urgentArrived = true;
        }

        _wake.Writer.TryWrite(true);
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        // A new item wakes us at once; the timeout catches items whose retry time has come.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await _wake.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: look again.
        }
    }

    private async Task SendAsync(
        IMqttClient client,
        OutboxItem item,
        SemaphoreSlim slots,
        HashSet<long> sent,
        ChannelWriter<long> acks,
        CancellationToken cancellationToken
    )
    {
        bool acknowledged = false;
        try
        {
            Outbound? outbound;
            try
            {
                outbound = _builder.Build(item);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Refuse(item, $"could not be prepared: {ex.Message}");
                return;
            }

            if (outbound is null)
            {
                // Its record left the store (e.g. given up under quota): nothing is left to send.
                _logger.ItemWithoutRecord(item.Id, item.Kind);
                acknowledged = acks.TryWrite(item.Id);
                return;
            }

            if (_limiter is not null)
            {
                await _limiter.WaitAsync(outbound.Bytes, cancellationToken).ConfigureAwait(false);
            }

            foreach (MqttApplicationMessage message in outbound.Messages)
            {
                long start = Stopwatch.GetTimestamp();
                // Not cancelled with the drain: a publish under way is left to finish or to fail with the link.
                MqttClientPublishResult result = await client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
                _stats.Puback(Stopwatch.GetElapsedTime(start).TotalMilliseconds, message.Payload.Length);
                if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
                {
                    Refuse(
                        item,
                        $"the broker refused {message.Topic}: {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : " (" + result.ReasonString + ")")}"
                    );
                    return;
                }
            }

            acknowledged = acks.TryWrite(item.Id);
            _stats.ItemDelivered();
        }
        catch (Exception ex)
            when (ex is MqttCommunicationException or MqttClientNotConnectedException or OperationCanceledException or ObjectDisposedException)
        {
            // The link went: the item stays in the outbox and goes again after reconnecting.
            _logger.ItemNotAcknowledged(item.Id, ex.Message);
        }
        finally
        {
            if (!acknowledged)
            {
                lock (sent)
                {
                    sent.Remove(item.Id);
                }
            }

            slots.Release();
        }
    }

    private void Refuse(OutboxItem item, string reason)
    {
        _stats.ItemRefused();
        double factor = Math.Pow(2, Math.Min(item.Attempts, 16));
        TimeSpan delay = TimeSpan.FromMilliseconds(
            Math.Min(_options.RefusedRetry.TotalMilliseconds * factor, _options.ReconnectMax.TotalMilliseconds)
        );
        _logger.ItemRefused(item.Id, item.Kind, reason, delay);
        try
        {
            _store.MarkFailed(item.Id, reason, _time.GetUtcNow() + delay);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.RefusalNotRecorded(ex, item.Id);
        }
    }

    /// <summary>Marks acknowledged items forwarded in batches: one durable commit per flush interval, not one per PUBACK.</summary>
    private async Task FlushAcksAsync(ChannelReader<long> acks, HashSet<long> sent)
    {
        var ids = new List<long>(1024);
        while (true)
        {
            bool more = await acks.WaitToReadAsync().ConfigureAwait(false);
            if (more)
            {
                // Let more PUBACKs gather: one commit for all of them.
                await Task.Delay(_options.AckFlushInterval, _time).ConfigureAwait(false);
            }

            while (acks.TryRead(out long id))
            {
                ids.Add(id);
            }

            if (ids.Count > 0)
            {
                try
                {
                    _store.MarkForwarded(ids);
                    lock (sent)
                    {
                        foreach (long id in ids)
                        {
                            sent.Remove(id);
                        }
                    }

                    ids.Clear();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Acknowledged but not yet marked: kept out of this connection's sends, retried
                    // next flush; after a restart they go again (a duplicate with the same id).
                    _logger.MarkForwardedFailed(ex, ids.Count);
                    if (!more)
                    {
                        return;
                    }
                }
            }

            if (!more)
            {
                return;
            }
        }
    }
}
