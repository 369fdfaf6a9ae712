using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

/// <summary>The read writer's per-batch messages while batches of reads fail to become durable, source-generated.</summary>
internal static partial class ReadRepositoryLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage still failing ({Reason}); {Backlog} reads waiting, {GivenUp} given up")]
    public static partial void StorageStillFailing(this ILogger logger, Exception exception, string reason, int backlog, long givenUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disk full writing {Batch} reads together: trying {Smaller} at a time")]
    public static partial void BatchShrunk(this ILogger logger, int batch, int smaller);
}
