using System.Buffers;
using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts;
using EdgeAlpr.Uplink.Commands;
using EdgeAlpr.Uplink.Delivery;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAlpr.Uplink.Inbound;

/// <summary>
/// What arrives from the platform: hot-list updates (full and delta), which go to the hot-list
/// engine's signed update path, and commands, which are obeyed only when signed with the
/// platform's key, addressed to this unit, in date and not seen before. An obeyed command, an
/// applied update, and a refused command that only the platform's key could have made (admitted
/// by <see cref="CommandPolicy.Admit"/>, then refused for its name or arguments: its id must stay
/// in the trail, so a replay after a restart is still refused) are audited one by one and
/// answered on <c>…/cmd-result</c>. Every other refusal — what anyone who can publish on the
/// topics could send by the thousand — is counted by <see cref="RefusedMessages"/> (per topic and
/// reason, a bounded number of events a minute), and answered within <see cref="AnswerLimit"/>. A
/// message is acknowledged to the broker only after it was handled, so one that arrives as the
/// agent dies comes again.
/// </summary>
internal sealed class InboundProcessor(
    IRetention retention,
    IAuditLog audit,
    IHotLists hotList,
    Topics topics,
    CommandPolicy policy,
    ECDsa? platformKey,
    HealthReport health,
    ILogLevelControl? logLevel,
    RefusedMessages refusals,
    AnswerLimit answers,
    InboundSpool spool,
    TimeProvider time,
    ILogger logger
)
{
    private readonly ApplyPlatformUpdate _updates = new(hotList, audit, refusals, logger);

    /// <summary>Handles one message; <paramref name="client"/> is the connection it came on (for replies and re-subscribing).</summary>
    public async Task HandleAsync(IMqttClient client, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(message);
        ReadOnlySequence<byte> body = message.Payload;
        if (spool.TryTake(body, out SpooledMessage? spooled))
        {
            using (spooled)
            {
                await SpooledAsync(client, message.Topic, spooled, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (message.Topic == topics.HotListFull || message.Topic == topics.HotListDelta)
        {
            // Measured before it is copied or read: the connection's packet limit keeps an MQTT 5
            // broker from sending more, and this holds when a broker does not honour it.
            if (body.Length > hotList.MaxUpdateBytes)
            {
                RefuseOversizedUpdate(message.Topic, body);
                return;
            }

            await HotListUpdateAsync(message.Topic, body.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        else if (message.Topic == topics.Command)
        {
            await CommandAsync(client, body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            logger.LogWarning("Ignored a message on {Topic}, which this unit does not subscribe to", message.Topic);
        }
    }

    /// <summary>Subscribes to the hot-list topics again so the broker sends the retained full list anew.</summary>
    public async Task ResubscribeHotListAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        await client.UnsubscribeAsync(topics.HotListFull, cancellationToken).ConfigureAwait(false);
        MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(
                topics.HotListFull,
                MqttQualityOfServiceLevel.AtLeastOnce,
                noLocal: false,
                retainAsPublished: false,
                MqttRetainHandling.SendAtSubscribe
            )
            .Build();
        await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
    }

    // A message too large for memory, taken off the connection by the spooling channel: a hot-list update that passed
    // its header's checks is on disk; anything else was dropped as it came.
    private async Task SpooledAsync(IMqttClient client, string topic, SpooledMessage spooled, CancellationToken cancellationToken)
    {
        if (topic == topics.HotListFull || topic == topics.HotListDelta)
        {
            if (spooled.Update is { } update)
            {
                await _updates.RunAsync(topic, update, spooled.Sha256, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _updates.Refused(
                    topic,
                    spooled.RefusalCode ?? HotListRefusal.Malformed,
                    $"{spooled.Refusal}; refused as it arrived, version {hotList.Status().Version} stays in use",
                    spooled.Length,
                    spooled.Sha256
                );
            }
        }
        else if (topic == topics.Command)
        {
            var refusal = new CommandRefusedException(
                CommandRefusal.TooLarge,
                $"command of {spooled.Length} bytes is larger than {CommandEnvelope.MaxBytes}"
            );
            await RefuseUnadmittedAsync(client, refusal, null, spooled.Length, spooled.Sha256, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            logger.LogWarning("Ignored a message of {Bytes} bytes on {Topic}, which this unit does not subscribe to", spooled.Length, topic);
        }
    }

    private async Task HotListUpdateAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        await _updates.RunAsync(topic, payload, Convert.ToHexStringLower(SHA256.HashData(payload)), cancellationToken).ConfigureAwait(false);

    private void RefuseOversizedUpdate(string topic, ReadOnlySequence<byte> body) =>
        _updates.Refused(
            topic,
            HotListRefusal.TooLarge,
            $"the update is {body.Length} bytes, more than HotList:MaxUpdateBytes ({hotList.MaxUpdateBytes}); refused unread, version {hotList.Status().Version} stays in use",
            body.Length,
            Sha256(body)
        );

    private static string Sha256(ReadOnlySequence<byte> bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (ReadOnlyMemory<byte> segment in bytes)
        {
            hash.AppendData(segment.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task CommandAsync(IMqttClient client, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        PlatformCommand? command = null;
        bool admitted = false;
        try
        {
            // The envelope's own limit, checked before the copy a larger payload would cost.
            if (body.Length > CommandEnvelope.MaxBytes)
            {
                throw new CommandRefusedException(
                    CommandRefusal.TooLarge,
                    $"command of {body.Length} bytes is larger than {CommandEnvelope.MaxBytes}"
                );
            }

            command = CommandEnvelope.Open(body.ToArray(), platformKey);
            policy.Admit(command);
            admitted = true;
            CommandPolicy.CheckArguments(command);
            Dictionary<string, object?> details = await ExecuteAsync(client, command, cancellationToken).ConfigureAwait(false);
            string message = details.TryGetValue("message", out object? m) ? (string)m! : "done";
            logger.LogInformation("Platform command {Name} ({Id}) done: {Message}", command.Name, command.Id, message);
            Audit("platform_command", command.Name, Details(command, "done", message));
            await ReplyAsync(client, command, "done", message, details, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandRefusedException ex) when (admitted)
        {
            // Signed, addressed here, in date and new: the platform's own, and its id is remembered now.
            command ??= ex.Command;
            logger.LogWarning("Platform command {Name} ({Id}) refused: {Reason}", command?.Name, command?.Id, ex.Message);
            var details = Details(command, "refused", ex.Message);
            details["reason"] = ex.Code;
            details["payload_sha256"] = Sha256(body);
            details["bytes"] = body.Length;
            Audit("platform_command_refused", command?.Name, details);
            await ReplyAsync(client, command, "refused", ex.Message, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandRefusedException ex)
        {
            await RefuseUnadmittedAsync(client, ex, command, body.Length, Sha256(body), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Platform command {Name} failed", command?.Name);
            Audit("platform_command", command?.Name, Details(command, "failed", ex.Message));
            await ReplyAsync(client, command, "failed", ex.Message, null, cancellationToken).ConfigureAwait(false);
        }
    }

    // Refused before the policy admitted it: what anyone who can publish could send by the thousand, so counted, and
    // answered only within the answer limit.
    private async Task RefuseUnadmittedAsync(
        IMqttClient client,
        CommandRefusedException ex,
        PlatformCommand? command,
        long bytes,
        string sha256,
        CancellationToken cancellationToken
    )
    {
        command ??= ex.Command;
        bool answer = answers.TryTake();
        refusals.Record(new RefusedMessage(topics.Command, ex.Code, ex.Message, bytes, sha256, command?.Id, AnswerDropped: !answer));
        if (answer)
        {
            await ReplyAsync(client, command, "refused", ex.Message, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<string, object?>> ExecuteAsync(IMqttClient client, PlatformCommand command, CancellationToken cancellationToken)
    {
        switch (command.Name)
        {
            case PlatformCommand.Ping:
                HealthMessage report = health.Build();
                return new Dictionary<string, object?>
                {
                    ["message"] = "pong",
                    ["uptime_s"] = report.UptimeS,
                    ["outbox_items"] = report.Outbox.Items,
                    ["hotlist_version"] = report.HotList.Version,
                };
            case PlatformCommand.ResyncHotList:
                await ResubscribeHotListAsync(client, cancellationToken).ConfigureAwait(false);
                return new Dictionary<string, object?>
                {
                    ["message"] = $"re-subscribed to {topics.HotListFull}; the retained full list is applied when it arrives",
                    ["hotlist_version"] = hotList.Status().Version,
                };
            case PlatformCommand.Purge:
                PurgeReport purge = new PurgeByRetention(retention).Run($"platform command {command.Id}");
                return new Dictionary<string, object?>
                {
                    ["message"] =
                        $"retention purge: {purge.Reads} reads ({purge.UnforwardedReads} never forwarded), {purge.Hits} hits, {purge.Images} images removed; {purge.HeldNotForwarded} serious records past retention kept until forwarded",
                    ["reads"] = purge.Reads,
                    ["unforwarded_reads"] = purge.UnforwardedReads,
                    ["hits"] = purge.Hits,
                    ["images"] = purge.Images,
                    ["held_not_forwarded"] = purge.HeldNotForwarded,
                };
            case PlatformCommand.LogLevel:
                (string level, TimeSpan duration) = CommandPolicy.LogLevelArguments(command);
                if (logLevel is null)
                {
                    throw new InvalidOperationException("this process cannot change its log level");
                }

                logLevel.Raise(level, duration);
                return new Dictionary<string, object?>
                {
                    ["message"] = $"logging at {level} for {duration.TotalMinutes:F0} minutes",
                    ["level"] = level,
                    ["minutes"] = duration.TotalMinutes,
                };
            default:
                throw new CommandRefusedException(CommandRefusal.UnknownCommand, $"unknown command '{command.Name}'", command);
        }
    }

    private static Dictionary<string, object?> Details(PlatformCommand? command, string status, string message) =>
        new()
        {
            ["status"] = status,
            ["message"] = message,
            ["command_id"] = command?.Id,
            ["name"] = command?.Name,
            ["issued_at"] = command?.IssuedAt,
            ["args"] = command?.Args is { Count: > 0 } args ? args.Select(a => $"{a.Key}={a.Value}").ToList() : null,
        };

    private async Task ReplyAsync(
        IMqttClient client,
        PlatformCommand? command,
        string status,
        string message,
        Dictionary<string, object?>? details,
        CancellationToken cancellationToken
    )
    {
        details?.Remove("message");
        var result = new CommandResultMessage(
            UplinkSchema.Version,
            "command_result",
            topics.DeviceId,
            command?.Id.ToString(),
            command?.Name,
            status,
            message,
            time.GetUtcNow(),
            details
        );
        try
        {
            await client.PublishAsync(OutboundBuilder.JsonMessage(topics.CommandResult, result), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The audit trail has the outcome, and it is forwarded; the reply is a courtesy.
            logger.LogWarning("Could not publish the result of command {Id}: {Reason}", command?.Id, ex.Message);
        }
    }

    private void Audit(string action, string? subject, Dictionary<string, object?> details)
    {
        try
        {
            audit.RecordAudit(action, subject, details, actor: "platform");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not audit {Action}", action);
        }
    }
}
