using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>The read recorder's per-read messages, source-generated.</summary>
internal static partial class ReadRecorderLog
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "Read {Read} could not be handed to the store: {Reason}")]
    public static partial void ReadNotHandedToStore(this ILogger logger, Guid read, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Read {Read} was not stored: {Reason}")]
    public static partial void ReadNotStored(this ILogger logger, Guid read, string reason);
}
