using EdgeAlpr.Core.Alerts;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>The alert stage's per-alert messages, source-generated.</summary>
internal static partial class AlertDispatcherLog
{
    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "ALERT {Level} {Title}: {Plate} {State} on {Camera}, {Kind} match (score {Score:F2}), hit {Hit}. {Verify}"
    )]
    public static partial void AlertRaised(
        this ILogger logger,
        AlertLevel level,
        string title,
        string plate,
        string state,
        string camera,
        string kind,
        float score,
        Guid hit,
        string verify
    );

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Alert for hit {Hit} could not be signalled on the in-cab panel: {Reason}; it is logged, sounded, stored and forwarded"
    )]
    public static partial void PanelFailed(this ILogger logger, Exception exception, Guid hit, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert for hit {Hit} could not be audited: {Reason}")]
    public static partial void AlertNotAudited(this ILogger logger, Guid hit, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert sound for {Title} cut short by a newer alert")]
    public static partial void SoundCutShort(this ILogger logger, string title);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert sound for {Title} could not be played: {Reason}; the alert is on the log and the panel")]
    public static partial void SoundFailed(this ILogger logger, Exception exception, string title, string reason);
}
