using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.UseCases;

/// <summary>The refused platform messages' log lines, source-generated: a flood logs one warning per topic and reason per window.</summary>
internal static partial class RefusedMessagesLog
{
    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Refused a message on {Topic} ({Reason}): {Message}; more refused like it in the next {Seconds:F0} s are counted and audited together"
    )]
    public static partial void Refused(ILogger logger, string topic, string reason, string message, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a message on {Topic} ({Reason}): {Message}")]
    public static partial void RefusedAgain(ILogger logger, string topic, string reason, string message);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Refused {Count} more messages on {Topic} ({Reason}) from {From:O} to {To:O}; {AnswersDropped} not answered; audited as one event"
    )]
    public static partial void Counted(
        ILogger logger,
        int count,
        string topic,
        string reason,
        DateTimeOffset from,
        DateTimeOffset to,
        int answersDropped
    );

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not audit {Count} refused messages on {Topic} ({Reason}): {Problem}")]
    public static partial void NotAudited(ILogger logger, Exception exception, int count, string topic, string reason, string problem);
}
