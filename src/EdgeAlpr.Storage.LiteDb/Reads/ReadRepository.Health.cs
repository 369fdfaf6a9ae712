using EdgeAlpr.Application.Evidence;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Storage;

// The storage alarm: raised while batches fail, cleared (and the recovery audited) once the reads
// held are written again; past the backlog limit the oldest routine reads are given up, never hits.
// Health also carries what retention and the quota have given up (RetentionLedger).
internal sealed partial class ReadRepository
{
    private StorageHealth _health = StorageHealth.Ok(session.Now);
    private readonly List<BsonDocument> _givenUp = [];
    private long _givenUpTotal;

    /// <summary>
    /// Raised when the storage alarm goes on or off (and as the backlog changes while it is on), and
    /// when retention or the quota gives something up.
    /// </summary>
    public event Action<StorageHealth>? HealthChanged;

    public StorageHealth Health =>
        Volatile.Read(ref _health) with
        {
            Retention = retention.Ledger.State,
            Repaired = session.LastRepair,
            Integrity = session.ManifestProblem,
        };

    /// <summary>Passes the ledger's changes on as health changes; called once, when the writer starts.</summary>
    private void WatchRetention() => retention.Ledger.Changed += () => HealthChanged?.Invoke(Health);

    /// <summary>Some held reads were written while the alarm stays on: health shows how many still wait.</summary>
    private void NoteBacklog(int backlog)
    {
        Volatile.Write(ref _health, Volatile.Read(ref _health) with { Backlog = backlog });
        HealthChanged?.Invoke(Health);
    }

    private void GiveUpBeyondLimit(List<PendingRead> backlog)
    {
        while (backlog.Count > session.Options.BacklogLimit)
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
            _givenUp.Add(StoreDocuments.GivenUp(lost.Submission.Read));
            lost.Done.TrySetException(
                new StoreUnavailableException(
                    $"read {lost.Submission.Read.Id} was given up: storage has failed for a while and {session.Options.BacklogLimit} reads are already waiting in memory"
                )
            );
        }
    }

    private void RaiseAlarm(Exception ex, int backlog)
    {
        StorageHealth before = Volatile.Read(ref _health);
        var now = new StorageHealth(true, ex.Message, before.Alarm ? before.Since : session.Now, backlog, _givenUpTotal);
        Volatile.Write(ref _health, now);
        if (!before.Alarm)
        {
            session.Logger.LogError(
                ex,
                "STORAGE ALARM: reads cannot be made durable ({Reason}); matching and alerts go on, {Backlog} reads wait in memory",
                ex.Message,
                backlog
            );
        }
        else
        {
            session.Logger.StorageStillFailing(ex, ex.Message, backlog, _givenUpTotal);
        }

        HealthChanged?.Invoke(Health);
    }

    private void Recovered(int backlog)
    {
        StorageHealth alarm = Volatile.Read(ref _health);
        try
        {
            session.Write(db =>
            {
                var details = new BsonDocument
                {
                    ["alarm_since"] = StoreDocuments.Utc(alarm.Since),
                    ["reason"] = alarm.Reason ?? string.Empty,
                    ["reads_given_up"] = new BsonArray(_givenUp),
                };
                audit.Append(db, "storage_recovered", subject: null, details);
                return 0;
            });
            _givenUp.Clear();
        }
        catch (Exception ex) when (StoreSession.IsStorageFailure(ex))
        {
            // The given-up list stays in memory and is audited at the next recovery.
            session.Logger.LogWarning(ex, "Storage recovered but the recovery could not be audited yet");
            return;
        }

        var ok = StorageHealth.Ok(session.Now) with { Backlog = backlog, GivenUp = _givenUpTotal };
        Volatile.Write(ref _health, ok);
        session.Logger.LogWarning(
            "Storage recovered after {Minutes:F1} min; {GivenUp} reads were given up in all",
            (session.Now - alarm.Since).TotalMinutes,
            _givenUpTotal
        );
        HealthChanged?.Invoke(Health);
    }
}
