using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.FileSystem;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Keeps each built list as the fast-start copy, so the next start need not parse the files again. Written in the
/// background, one copy after another, since the list is already in use, and as a stream, so keeping a list costs no
/// second image of it in memory; the files stay the record, so a copy that cannot be written costs only start-up time.
/// </summary>
internal sealed class CopyKeeper(string path, HotListCopyKey copyKey, ILogger logger)
{
    private Task _keeping = Task.CompletedTask;

    public void Keep(HotListSnapshot snapshot, string stamp)
    {
        if (!copyKey.Present)
        {
            return;
        }

        _keeping = _keeping.ContinueWith(
            _ =>
            {
                try
                {
                    DurableFile.Write(path, file => SnapshotFormat.Write(snapshot, stamp, copyKey.Bytes, file));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Hot list: could not keep the fast-start copy: {Reason}", ex.Message);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default
        );
    }

    /// <summary>Waits for the copies queued to be written.</summary>
    public void Wait() => _keeping.Wait();
}
