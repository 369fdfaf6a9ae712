using EdgeAlpr.Application.Evidence;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Uplink.Delivery;

/// <summary>The outbox drain's per-item and per-batch messages, source-generated.</summary>
internal static partial class OutboxDrainerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Uplink: cannot read the outbox: {Reason}")]
    public static partial void OutboxUnreadable(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox item {Id} ({Kind}) has no record any more; removing it")]
    public static partial void ItemWithoutRecord(this ILogger logger, long id, OutboxKind kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox item {Id} not acknowledged before the link dropped: {Reason}")]
    public static partial void ItemNotAcknowledged(this ILogger logger, long id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox item {Id} ({Kind}) not delivered: {Reason}; kept, next try in {Delay}")]
    public static partial void ItemRefused(this ILogger logger, long id, OutboxKind kind, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failed delivery of outbox item {Id}; it is tried again")]
    public static partial void RefusalNotRecorded(this ILogger logger, Exception exception, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark {Count} acknowledged items forwarded; retrying")]
    public static partial void MarkForwardedFailed(this ILogger logger, Exception exception, int count);
}
