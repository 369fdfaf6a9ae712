using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>The read writer's per-batch message while batches of reads fail to become durable, source-generated.</summary>
internal static partial class ReadRepositoryLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage still failing ({Reason}); {Backlog} reads waiting, {GivenUp} given up")]
    public static partial void StorageStillFailing(this ILogger logger, Exception exception, string reason, int backlog, long givenUp);
}
