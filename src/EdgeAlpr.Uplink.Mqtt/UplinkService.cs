using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.Capture;
using EdgeAlpr.FileSystem;
using EdgeAlpr.Uplink.Commands;
using EdgeAlpr.Uplink.Delivery;
using EdgeAlpr.Uplink.Inbound;
using EdgeAlpr.Uplink.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAlpr.Uplink;

/// <summary>
/// The unit's link to the platform: connects (and reconnects, with exponential backoff and
/// jitter), announces itself online (retained, with "offline" as last will), subscribes to the
/// agency's hot-list topics and its own command topic, drains the outbox, reports health, and
/// on shutdown says offline and lets what is in flight be acknowledged.
/// </summary>
public sealed class UplinkService : BackgroundService, IUplinkStatus
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>Messages received and waiting to be handled, at most.</summary>
    private const int InboundQueue = MqttConnector.ReceiveMaximum + 16;

    /// <summary>The refusal reason of a QoS 0 message dropped because the queue was full.</summary>
    private const string QueueFull = "queue_full";

    private readonly IAuditLog _audit;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Topics _topics;
    private readonly MqttConnector _connector;
    private readonly OutboxDrainer _drainer;
    private readonly InboundProcessor _inbound;
    private readonly HealthReport _health;
    private readonly RefusedMessages _refusals;
    private readonly InboundSpool _spool;
    private readonly ECDsa? _platformKey;
    private UplinkState _state = new(false, null, 0, null, false);
    private int _sessions;

    public UplinkService(
        IEvidenceStore store,
        IHotLists hotList,
        UplinkOptions options,
        TimeProvider time,
        ILogger<UplinkService> logger,
        ILogLevelControl? logLevel = null,
        UplinkStatistics? statistics = null,
        HealthReport? health = null
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hotList);
        _audit = store.AuditLog;
        _options = options;
        _time = time;
        _logger = logger;
        Statistics = statistics ?? new UplinkStatistics();
        _topics = new Topics(options.TopicPrefix, options.Agency, options.DeviceId);
        _connector = new MqttConnector(options, _topics, time);
        if (CertificatePurpose.ClientCertificateWarning(options.ClientCertificateFile) is { } warning)
        {
            logger.LogWarning("Uplink: {Warning}", warning);
        }

        _drainer = new OutboxDrainer(
            store.Outbox,
            new OutboundBuilder(store.Reads, store.AuditLog, store.DisseminationLog, options, _topics),
            options,
            Statistics,
            time,
            logger
        );
        _health = health ?? new HealthReport(store.Outbox, store.Reads, hotList, Statistics, options, time);
        _platformKey = string.IsNullOrWhiteSpace(options.CommandPublicKeyPath) ? null : PublicKeyFile.Load(options.CommandPublicKeyPath);
        var policy = new CommandPolicy(options.Agency, options.DeviceId, options.CommandMaxAge, time, options.CommandClockSkew);
        RememberRecentCommands(policy);
        _refusals = new RefusedMessages(store.AuditLog, time, logger);
        _spool = new InboundSpool(hotList, _topics);
        _inbound = new InboundProcessor(
            store.Retention,
            store.AuditLog,
            hotList,
            _topics,
            policy,
            _platformKey,
            _health,
            logLevel,
            _refusals,
            new AnswerLimit(options.RefusalAnswersPerMinute, time),
            _spool,
            time,
            logger
        );
    }

    public UplinkStatistics Statistics { get; }

    public UplinkState State => Volatile.Read(ref _state);

    public string Broker => _connector.Broker.ToString();

    /// <summary>
    /// Sends everything due, waits for every PUBACK, and disconnects cleanly: for forwarding a
    /// store's backlog by hand and for the benchmark. A link that drops on the way is connected
    /// again; a first connection that fails, a failure that needs an administrator, or five
    /// failed reconnections in a row end it with the error.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(_options.ReconnectMin, _options.ReconnectMax, jitter: 0.3);
        using IMqttClient client = NewClient();
        bool connectedOnce = false;
        try
        {
            while (true)
            {
                try
                {
                    if (await SessionAsync(client, stopWhenEmpty: true, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    connectedOnce = true;
                    backoff.Reset();
                }
                catch (UplinkConnectException ex) when (connectedOnce && !ex.NeedsAttention && backoff.Attempts < 5)
                {
                    Failed(ex.Message, needsAttention: false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await Task.Delay(backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _refusals.Flush();
        }
    }

    public override void Dispose()
    {
        // Refusals still counted are audited: the store is open until the uplink is gone.
        _refusals.Dispose();
        _drainer.Dispose();
        _platformKey?.Dispose();
        base.Dispose();
    }

    /// <summary>MQTTnet's client, with large inbound messages streamed off the connection rather than read whole.</summary>
    private IMqttClient NewClient()
    {
        var log = new MqttNetLog(_logger);
        return new MqttClientFactory(log).CreateMqttClient(log, new SpoolingAdapterFactory(_spool));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // Refused messages still counted are audited before the uplink stops (the store closes after it).
            _refusals.Flush();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new ReconnectBackoff(_options.ReconnectMin, _options.ReconnectMax, jitter: 0.3);
        using IMqttClient client = NewClient();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(client, stopWhenEmpty: false, stoppingToken).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (UplinkConnectException ex)
            {
                Failed(ex.Message, ex.NeedsAttention);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever went wrong (the store failing under it, say), the uplink must not die: it tries again.
                _logger.LogError(ex, "Uplink: session failed: {Reason}", ex.Message);
                Failed(ex.Message, needsAttention: false);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            TimeSpan wait = backoff.Next();
            _logger.LogInformation("Uplink: next connection attempt to {Broker} in {Seconds:F1} s", _connector.Broker, wait.TotalSeconds);
            try
            {
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One connection, from connect to disconnect (the link dropping, the drain finishing, or shutdown); true
    /// when it drained everything due.
    /// </summary>
    private async Task<bool> SessionAsync(IMqttClient client, bool stopWhenEmpty, CancellationToken stoppingToken)
    {
        MqttClientConnectResult connected = await _connector.ConnectAsync(client, stoppingToken).ConfigureAwait(false);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // Bounded: the broker sends at most MqttConnector.ReceiveMaximum unacknowledged QoS 1 messages, which always fit;
        // QoS 0 ones (no flow control) take the room left, and beyond it are dropped and counted.
        var inbound = Channel.CreateBounded<MqttApplicationMessageReceivedEventArgs>(
            new BoundedChannelOptions(InboundQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }
        );
        Task OnDisconnected(MqttClientDisconnectedEventArgs e)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning(
                    "Uplink: link to {Broker} lost ({Reason}); unacknowledged items stay queued",
                    _connector.Broker,
                    e.Exception?.Message ?? e.Reason.ToString()
                );
            }

            session.Cancel();
            return Task.CompletedTask;
        }

        async Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
        {
            // Acknowledged only once handled (below), so a message is not lost if we die handling it.
            e.AutoAcknowledge = false;
            if (e.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
            {
                await inbound.Writer.WriteAsync(e, session.Token).ConfigureAwait(false);
            }
            else if (!inbound.Writer.TryWrite(e))
            {
                DropUnqueued(e.ApplicationMessage);
            }
        }

        client.DisconnectedAsync += OnDisconnected;
        client.ApplicationMessageReceivedAsync += OnMessage;
        DateTimeOffset since = _time.GetUtcNow();
        try
        {
            Statistics.ConnectedSince = since;
            if (_sessions++ > 0)
            {
                Statistics.Reconnected();
            }

            int window = Math.Min(_options.MaxInFlight, connected.ReceiveMaximum is > 0 and var max ? (int)max : int.MaxValue);
            Statistics.Window = window;
            _logger.LogInformation(
                "Uplink: connected to {Broker} as {ClientId} (session {Session}, {Window} in flight at most)",
                _connector.Broker,
                _options.EffectiveClientId,
                connected.IsSessionPresent ? "resumed" : "new",
                window
            );
            await PublishStatusAsync(client, "online", null, session.Token).ConfigureAwait(false);
            if (!connected.IsSessionPresent)
            {
                await SubscribeAsync(client, session.Token).ConfigureAwait(false);
            }

            Volatile.Write(ref _state, new UplinkState(true, since, 0, null, false));

            Task receiving = ReceiveAsync(client, inbound.Reader, session.Token);
            Task reporting = stopWhenEmpty ? Task.CompletedTask : ReportHealthAsync(client, session.Token);
            bool drained = await _drainer.RunAsync(client, window, stopWhenEmpty, ShutdownGrace, session.Token).ConfigureAwait(false);
            inbound.Writer.TryComplete();
            if (client.IsConnected)
            {
                await PublishStatusAsync(client, "offline", stopWhenEmpty ? "drain finished" : "shutdown", CancellationToken.None)
                    .ConfigureAwait(false);
                await client
                    .DisconnectAsync(
                        new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                        CancellationToken.None
                    )
                    .ConfigureAwait(false);
            }

            await session.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(receiving, reporting).ConfigureAwait(false);
            return drained;
        }
        catch (Exception ex)
            when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            // The link dropped mid-way: the caller reconnects.
            _logger.LogDebug(ex, "Uplink session ended");
            return false;
        }
        finally
        {
            client.DisconnectedAsync -= OnDisconnected;
            client.ApplicationMessageReceivedAsync -= OnMessage;
            _spool.Clear();
            Statistics.ConnectedSince = null;
            Volatile.Write(ref _state, new UplinkState(false, _time.GetUtcNow(), 0, State.LastError, false));
        }
    }

    // A QoS 0 message (no flow control, never sent again) that found the queue full: counted like any refusal.
    private void DropUnqueued(MqttApplicationMessage message)
    {
        long bytes = message.Payload.Length;
        string sha256;
        if (_spool.TryTake(message.Payload, out SpooledMessage? spooled))
        {
            using (spooled)
            {
                (bytes, sha256) = (spooled.Length, spooled.Sha256);
            }
        }
        else
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(message.Payload.ToArray()));
        }

        _refusals.Record(
            new RefusedMessage(
                message.Topic,
                QueueFull,
                $"a QoS 0 message arrived with {InboundQueue} messages waiting; dropped unread",
                bytes,
                sha256
            )
        );
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        // A new session: the broker sends the retained full list, if there is one, on subscribing.
        MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(
                _topics.HotListFull,
                MqttQualityOfServiceLevel.AtLeastOnce,
                noLocal: false,
                retainAsPublished: false,
                MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly
            )
            .WithTopicFilter(
                _topics.HotListDelta,
                MqttQualityOfServiceLevel.AtLeastOnce,
                noLocal: false,
                retainAsPublished: false,
                MqttRetainHandling.DoNotSendOnSubscribe
            )
            .WithTopicFilter(
                _topics.Command,
                MqttQualityOfServiceLevel.AtLeastOnce,
                noLocal: false,
                retainAsPublished: false,
                MqttRetainHandling.DoNotSendOnSubscribe
            )
            .Build();
        MqttClientSubscribeResult result = await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        foreach (MqttClientSubscribeResultItem item in result.Items)
        {
            if ((int)item.ResultCode > (int)MqttClientSubscribeResultCode.GrantedQoS2)
            {
                _logger.LogError(
                    "Uplink: the broker refused the subscription to {Topic}: {Code}; check its ACL",
                    item.TopicFilter.Topic,
                    item.ResultCode
                );
            }
        }
    }

    private async Task ReceiveAsync(
        IMqttClient client,
        ChannelReader<MqttApplicationMessageReceivedEventArgs> messages,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await foreach (MqttApplicationMessageReceivedEventArgs e in messages.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await _inbound.HandleAsync(client, e.ApplicationMessage, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not acknowledged: the broker hands it over again on the next connection.
                    _logger.LogError(ex, "Uplink: could not handle a message on {Topic}; it will come again", e.ApplicationMessage.Topic);
                    continue;
                }

                await e.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The session is ending; the broker sends unacknowledged messages again next time.
        }
    }

    private async Task ReportHealthAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HealthInterval, _time);
        try
        {
            do
            {
                await client.PublishAsync(OutboundBuilder.JsonMessage(_topics.Health, _health.Build()), cancellationToken).ConfigureAwait(false);
            } while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Health resumes with the next connection.
        }
    }

    private Task<MqttClientPublishResult> PublishStatusAsync(IMqttClient client, string state, string? reason, CancellationToken cancellationToken) =>
        client.PublishAsync(OutboundBuilder.JsonMessage(_topics.Status, _connector.Status(state, reason), retain: true), cancellationToken);

    private void Failed(string reason, bool needsAttention)
    {
        UplinkState before = State;
        Volatile.Write(
            ref _state,
            new UplinkState(false, before.Connected ? _time.GetUtcNow() : before.Since, before.FailedAttempts + 1, reason, needsAttention)
        );
        if (needsAttention || before.LastError != reason)
        {
            _logger.LogError("Uplink: {Reason}", reason);
        }
        else
        {
            _logger.LogWarning("Uplink: still cannot connect ({Attempts} attempts): {Reason}", before.FailedAttempts + 1, reason);
        }
    }

    private void RememberRecentCommands(CommandPolicy policy)
    {
        // A command seen before a restart is still refused if played again within its validity. Each id the policy
        // remembers is in the trail on its own: an obeyed or failed command (platform_command) or one admitted and
        // then refused for its name or arguments (platform_command_refused). What platform_messages_refused counts was
        // refused before the policy remembered it (unsigned, misaddressed, out of date) or is a replay of an id
        // already here, so its samples are not needed.
        DateTimeOffset from = _time.GetUtcNow() - _options.CommandMaxAge - _options.CommandMaxAge;
        foreach (StoredAuditEvent e in _audit.AuditSince(from).Where(a => a.Action.StartsWith("platform_command", StringComparison.Ordinal)))
        {
            if (e.Details["command_id"]?.GetValue<string>() is { } id && Guid.TryParse(id, out Guid commandId))
            {
                policy.Remember(commandId, e.At + _options.CommandMaxAge + _options.CommandMaxAge);
            }
        }
    }
}
