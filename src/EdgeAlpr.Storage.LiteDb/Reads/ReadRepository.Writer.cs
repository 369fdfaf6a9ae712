using System.Threading.Channels;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

// Group commit: reads queue on a channel; one long-running writer makes whatever has arrived
// durable together (images fsynced first, then one transaction), up to MaxBatch at a time.
internal sealed partial class ReadRepository
{
    private readonly Channel<PendingRead> _incoming = Channel.CreateUnbounded<PendingRead>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _writer = Task.CompletedTask;

    /// <summary>
    /// Keeps a read and its hits. The task completes once they are durable: images fsynced, the
    /// database committed and its log fsynced. Reads arriving together are made durable together.
    /// Callers alert before this, never after: while storage fails the task waits (the read is
    /// held in memory) and faults only if the read has to be given up.
    /// </summary>
    public Task<StoredReceipt> StoreAsync(ReadSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(submission.Read);
        ArgumentNullException.ThrowIfNull(submission.Hits);
        if (submission.HitIds is { } ids && ids.Count != submission.Hits.Count)
        {
            throw new ArgumentException($"{ids.Count} hit ids were given for {submission.Hits.Count} hits", nameof(submission));
        }

        var pending = new PendingRead(submission, new TaskCompletionSource<StoredReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_incoming.Writer.TryWrite(pending))
        {
            throw new StoreException("the store is closed");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Starts the writer; the owner calls it once the store is open and initialised.</summary>
    internal void StartWriter()
    {
        WatchRetention();
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Takes no more reads, gives those already accepted their chance to become durable, then stops the writer.</summary>
    internal async Task StopWriterAsync()
    {
        _incoming.Writer.TryComplete();
        try
        {
            // Reads already accepted get their chance to become durable; a failing disk is not waited on forever.
            await _writer.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            session.Logger.LogError("Store closed with {Backlog} reads not yet durable: storage kept failing", Health.Backlog);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when the wait above timed out.
        }
    }

    /// <summary>
    /// Releases the writer's stop signal, after <see cref="StopWriterAsync"/>. Not <see cref="IDisposable"/>:
    /// a container that hands this out as <see cref="Application.Ports.IReadStore"/> must not close it; the owner does.
    /// </summary>
    internal void Close() => _stop.Dispose();

    private async Task WriteLoop()
    {
        var backlog = new List<PendingRead>();
        try
        {
            await WriteUntilClosed(backlog).ConfigureAwait(false);
        }
        finally
        {
            // Closing while storage fails: the callers learn their reads were not stored.
            while (_incoming.Reader.TryRead(out PendingRead? next))
            {
                backlog.Add(next);
            }

            foreach (PendingRead p in backlog)
            {
                p.Done.TrySetException(new StoreUnavailableException($"the store closed before read {p.Submission.Read.Id} could be made durable"));
            }
        }
    }

    private async Task WriteUntilClosed(List<PendingRead> backlog)
    {
        var size = new BatchSize(session.Options.MaxBatch);
        while (true)
        {
            if (backlog.Count == 0 && !await _incoming.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                return;
            }

            while (backlog.Count < session.Options.MaxBatch && _incoming.Reader.TryRead(out PendingRead? next))
            {
                backlog.Add(next);
            }

            List<PendingRead> batch = backlog.GetRange(0, Math.Min(size.Limit, backlog.Count));
            try
            {
                List<StoredReceipt> receipts = WriteBatch(batch);
                backlog.RemoveRange(0, batch.Count);
                size.Succeeded();
                // Storage has recovered once the reads held are written, not while only some still fit.
                if (Health.Alarm && (backlog.Count == 0 || size.IsFull(batch.Count)))
                {
                    Recovered(backlog.Count);
                }
                else if (Health.Alarm)
                {
                    NoteBacklog(backlog.Count);
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(receipts[i]);
                }

                retention.EnforceQuotaSafely();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever failed, the reads stay held and are retried: the writer never dies.
                while (_incoming.Reader.TryRead(out PendingRead? next))
                {
                    backlog.Add(next);
                }

                // Out of space: try at once with half as many, since a smaller batch may fit.
                bool shrink = size.ShrinkAfter(batch.Count, ex);
                if (!shrink)
                {
                    GiveUpBeyondLimit(backlog);
                }

                RaiseAlarm(ex, backlog.Count);
                retention.EnforceQuotaSafely();
                if (shrink)
                {
                    session.Logger.BatchShrunk(batch.Count, size.Limit);
                    continue;
                }

                await Task.Delay(session.Options.RetryInterval, session.Time, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    private List<StoredReceipt> WriteBatch(List<PendingRead> batch)
    {
        // Over quota, new routine reads keep their plate crop but not their scene image.
        (List<EvidenceImage> images, bool[] keepContext) = BatchImages.Plan(
            batch.Select(p => p.Submission).ToList(),
            retention.Ledger.ContextImagesPaused
        );
        // Images first: a committed read never points at an image that is not on disk.
        List<string> added = BatchImages.NotYetKept(session.Images, images);
        (long newBytes, int newFiles) = session.Images.PutAll(images, session.Workers);
        DateTimeOffset now = session.Now;
        try
        {
            (List<StoredReceipt> done, BsonDocument? ledger) = session.Write(db =>
            {
                ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
                ILiteCollection<BsonDocument> hits = db.GetCollection(StoreCollections.Hits);
                var done = new List<StoredReceipt>(batch.Count);
                int contextNotKept = 0;
                for (int i = 0; i < batch.Count; i++)
                {
                    done.Add(Insert(db, reads, hits, batch[i].Submission, now, keepContext[i], out bool inserted));
                    contextNotKept += inserted && !keepContext[i] ? 1 : 0;
                }

                ImageCounts.Add(db, newBytes, newFiles);
                BsonDocument? ledger =
                    contextNotKept > 0 ? RetentionLedger.Change(db, r => RetentionLedger.Add(r, "context_not_kept", contextNotKept)) : null;
                return (done, ledger);
            });
            retention.Ledger.Publish(ledger);
            return done;
        }
        catch
        {
            BatchImages.Forget(session, batch.Select(p => p.Submission.Read.Id).ToList(), added);
            throw;
        }
    }

    private StoredReceipt Insert(
        LiteDatabase db,
        ILiteCollection<BsonDocument> reads,
        ILiteCollection<BsonDocument> hits,
        ReadSubmission s,
        DateTimeOffset now,
        bool keepContext,
        out bool inserted
    )
    {
        inserted = false;
        if (reads.FindById(s.Read.Id) is { } existing)
        {
            // Submitted again (a retry after a failure the caller saw): already durable.
            return StoreDocuments.ToReceipt(existing);
        }

        inserted = true;
        var hitIds = new List<Guid>(s.Hits.Count);
        for (int i = 0; i < s.Hits.Count; i++)
        {
            HotListHit hit = s.Hits[i];
            Guid hitId = s.HitIds?[i] ?? Guid.CreateVersion7(now);
            hitIds.Add(hitId);
            hits.Insert(StoreDocuments.Hit(hitId, s.Read.Id, s.Read.CameraId, hit, now));
            outbox.Enqueue(db, OutboxKind.Hit, hitId, null, now);
            audit.Append(db, "hit_recorded", hitId.ToString(), StoreDocuments.HitRecorded(s.Read, hit));
        }

        RetentionClass retentionClass = RetentionPolicy.ClassOf(s.Hits.Count > 0, s.Evidence);
        reads.Insert(StoreDocuments.Read(s, hitIds, retentionClass, now, keepContext));
        session.NoteReadsStored(1);
        outbox.Enqueue(db, OutboxKind.Read, s.Read.Id, null, now);
        return new StoredReceipt(s.Read.Id, hitIds, retentionClass, now);
    }

    private sealed record PendingRead(ReadSubmission Submission, TaskCompletionSource<StoredReceipt> Done);
}
