using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Retention;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    private StorageHealth _health;
    private readonly List<BsonDocument> _givenUp = [];
    private long _givenUpTotal;

    /// <summary>Raised when the storage alarm goes on or off (and as the backlog changes while it is on).</summary>
    public event Action<StorageHealth>? HealthChanged;

    public StorageHealth Health => Volatile.Read(ref _health);

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
        while (true)
        {
            if (backlog.Count == 0 && !await _incoming.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                return;
            }

            while (backlog.Count < _options.MaxBatch && _incoming.Reader.TryRead(out PendingRead? next))
            {
                backlog.Add(next);
            }

            List<PendingRead> batch = backlog.Count <= _options.MaxBatch ? [.. backlog] : backlog.GetRange(0, _options.MaxBatch);
            try
            {
                List<StoredReceipt> receipts = WriteBatch(batch);
                backlog.RemoveRange(0, batch.Count);
                if (Health.Alarm)
                {
                    Recovered(backlog.Count);
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(receipts[i]);
                }

                EnforceQuotaSafely();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever failed, the reads stay held and are retried: the writer never dies.
                while (_incoming.Reader.TryRead(out PendingRead? next))
                {
                    backlog.Add(next);
                }

                GiveUpBeyondLimit(backlog);
                RaiseAlarm(ex, backlog.Count);
                EnforceQuotaSafely();
                await Task.Delay(_options.RetryInterval, _time, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    private static bool IsStorageFailure(Exception ex) =>
        ex is IOException or LiteException or StoreException or UnauthorizedAccessException or InvalidOperationException;

    private List<StoredReceipt> WriteBatch(List<PendingRead> batch)
    {
        var images = new List<EvidenceImage>(batch.Count * 2);
        foreach (PendingRead p in batch)
        {
            images.Add(p.Submission.Read.PlateImage);
            images.Add(p.Submission.Read.ContextImage);
        }

        // Images first: a committed read never points at an image that is not on disk.
        (long newBytes, int newFiles) = _images.PutAll(images, _workers);
        DateTimeOffset now = Now;
        return Write(db =>
        {
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            ILiteCollection<BsonDocument> hits = db.GetCollection(StoreCollections.Hits);
            var done = new List<StoredReceipt>(batch.Count);
            foreach (PendingRead p in batch)
            {
                done.Add(Insert(db, reads, hits, p.Submission, now));
            }

            AddImageBytes(db, newBytes, newFiles);
            return done;
        });
    }

    private StoredReceipt Insert(LiteDatabase db, ILiteCollection<BsonDocument> reads, ILiteCollection<BsonDocument> hits, ReadSubmission s, DateTimeOffset now)
    {
        if (reads.FindById(s.Read.Id) is { } existing)
        {
            // Submitted again (a retry after a failure the caller saw): already durable.
            return new StoredReceipt(s.Read.Id, existing["hit_ids"].AsArray.Select(v => v.AsGuid).ToList(), StoreDocuments.ClassOf(existing), StoreDocuments.Time(existing["stored_at"]));
        }

        var hitIds = new List<Guid>(s.Hits.Count);
        for (int i = 0; i < s.Hits.Count; i++)
        {
            HotListHit hit = s.Hits[i];
            Guid hitId = s.HitIds?[i] ?? Guid.CreateVersion7(now);
            hitIds.Add(hitId);
            hits.Insert(StoreDocuments.Hit(hitId, s.Read.Id, s.Read.CameraId, hit, now));
            Enqueue(db, OutboxKind.Hit, hitId, null, now);
            Audit(db, "hit_recorded", hitId.ToString(), new BsonDocument
            {
                ["read_id"] = s.Read.Id,
                ["camera_id"] = s.Read.CameraId,
                ["category"] = HotListCategories.WireName(hit.Entry.Category),
                ["source"] = hit.Entry.Source,
                ["match_kind"] = MatchKinds.WireName(hit.Kind),
                ["images"] = new BsonArray(new BsonValue[] { s.Read.PlateImage.Sha256, s.Read.ContextImage.Sha256 }),
            });
        }

        RetentionClass retentionClass = RetentionPolicy.ClassOf(s.Hits.Count > 0, s.Evidence);
        reads.Insert(StoreDocuments.Read(s, hitIds, retentionClass, now));
        Enqueue(db, OutboxKind.Read, s.Read.Id, null, now);
        return new StoredReceipt(s.Read.Id, hitIds, retentionClass, now);
    }

    private static void AddImageBytes(LiteDatabase db, long bytes, long files)
    {
        if (bytes == 0 && files == 0)
        {
            return;
        }

        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        BsonDocument counts = meta.FindById("images");
        counts["bytes"] = Math.Max(0, counts["bytes"].AsInt64 + bytes);
        counts["files"] = Math.Max(0, counts["files"].AsInt64 + files);
        meta.Update(counts);
    }

    private void GiveUpBeyondLimit(List<PendingRead> backlog)
    {
        while (backlog.Count > _options.BacklogLimit)
        {
            // The oldest routine read goes first; reads with hits are never given up.
            int victim = backlog.FindIndex(p => p.Submission.Hits.Count == 0 && !p.Submission.Evidence);
            if (victim < 0)
            {
                return;
            }

            PendingRead lost = backlog[victim];
            backlog.RemoveAt(victim);
            _givenUpTotal++;
            _givenUp.Add(new BsonDocument
            {
                ["read_id"] = lost.Submission.Read.Id,
                ["camera_id"] = lost.Submission.Read.CameraId,
                ["captured_at"] = StoreDocuments.Utc(lost.Submission.Read.CapturedAt),
                ["plate"] = lost.Submission.Read.Plate,
            });
            lost.Done.TrySetException(new StoreUnavailableException(
                $"read {lost.Submission.Read.Id} was given up: storage has failed for a while and {_options.BacklogLimit} reads are already waiting in memory"));
        }
    }

    private void RaiseAlarm(Exception ex, int backlog)
    {
        StorageHealth before = Health;
        var now = new StorageHealth(true, ex.Message, before.Alarm ? before.Since : Now, backlog, _givenUpTotal);
        Volatile.Write(ref _health, now);
        if (!before.Alarm)
        {
            _logger.LogError(ex, "STORAGE ALARM: reads cannot be made durable ({Reason}); matching and alerts go on, {Backlog} reads wait in memory", ex.Message, backlog);
        }
        else
        {
            _logger.LogWarning(ex, "Storage still failing ({Reason}); {Backlog} reads waiting, {GivenUp} given up", ex.Message, backlog, _givenUpTotal);
        }

        HealthChanged?.Invoke(now);
    }

    private void Recovered(int backlog)
    {
        StorageHealth alarm = Health;
        try
        {
            Write(db =>
            {
                var details = new BsonDocument
                {
                    ["alarm_since"] = StoreDocuments.Utc(alarm.Since),
                    ["reason"] = alarm.Reason ?? string.Empty,
                    ["reads_given_up"] = new BsonArray(_givenUp),
                };
                Audit(db, "storage_recovered", subject: null, details);
                return 0;
            });
            _givenUp.Clear();
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            // The given-up list stays in memory and is audited at the next recovery.
            _logger.LogWarning(ex, "Storage recovered but the recovery could not be audited yet");
            return;
        }

        var ok = StorageHealth.Ok(Now) with { Backlog = backlog, GivenUp = _givenUpTotal };
        Volatile.Write(ref _health, ok);
        _logger.LogWarning("Storage recovered after {Minutes:F1} min; {GivenUp} reads were given up in all", (Now - alarm.Since).TotalMinutes, _givenUpTotal);
        HealthChanged?.Invoke(ok);
    }

    private sealed record PendingRead(ReadSubmission Submission, TaskCompletionSource<StoredReceipt> Done);
}
