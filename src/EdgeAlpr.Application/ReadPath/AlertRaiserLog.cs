using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>The alert raiser's per-hit messages, source-generated.</summary>
internal static partial class AlertRaiserLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Hit {Hit} ({Category}) recorded without an alert: {Reason}")]
    public static partial void HitWithoutAlert(this ILogger logger, Guid hit, string category, string? reason);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "ALERT not raised (alert queue of {Count} full, or the agent stopping): {Title} for {Plate} on {Camera} (hit {Hit}); it is stored and forwarded"
    )]
    public static partial void AlertNotRaised(this ILogger logger, int count, string title, string plate, string camera, Guid hit);
}
