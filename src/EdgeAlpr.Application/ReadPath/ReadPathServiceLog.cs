using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>The read path service's per-read message, source-generated.</summary>
internal static partial class ReadPathServiceLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Read} on {Camera}: {Plate} ({Confidence:F2}), {Hits} hits")]
    public static partial void ReadMatched(this ILogger logger, Guid read, string camera, string plate, float confidence, int hits);
}
