using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    // Meta documents of the chain: its last event, the last event retention removed, the last checkpoint, the settings last recorded.
    private const string AuditHead = "audit_head";
    private const string AuditBase = "audit_base";
    private const string AuditLastCheckpoint = "audit_checkpoint";
    private const string SettingsRecord = "settings";
    private const int MaxSettingChanges = 200;

    /// <summary>Events of the audit trail that match, oldest first: the last <see cref="AuditFilter.Limit"/> of them.</summary>
    public IReadOnlyList<StoredAuditEvent> QueryAudit(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Limit, 1);
        return ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> audit = db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64);
            var matches = new Queue<StoredAuditEvent>();

            // A time window is read through the index on the time, in time order; the sequence is what is shown.
            IEnumerable<BsonDocument> events = filter.From is null && filter.To is null
                ? audit.Find(Query.All(Query.Ascending))
                : audit.Find(Query.Between("at", StoreDocuments.Utc(filter.From ?? DateTimeOffset.MinValue), StoreDocuments.Utc(filter.To ?? DateTimeOffset.MaxValue))).OrderBy(d => d["_id"].AsInt64);
            foreach (BsonDocument doc in events)
            {
                StoredAuditEvent e = StoreDocuments.ToStoredAuditEvent(doc);
                if (filter.Matches(e))
                {
                    matches.Enqueue(e);
                    if (matches.Count > filter.Limit)
                    {
                        matches.Dequeue();
                    }
                }
            }

            return matches.ToList();
        });
    }

    /// <summary>
    /// Checks the audit chain from its first kept event to its head: every event's hash against
    /// its content, every link against the event before, the first kept event against the
    /// retention purge that removed the ones before it, and the head against the last event.
    /// <paramref name="expected"/> are checkpoints held elsewhere (the platform's copies): each
    /// named event must still carry that hash.
    /// </summary>
    public AuditVerification VerifyAudit(IReadOnlyDictionary<long, string>? expected = null, CancellationToken cancellationToken = default) => ReadOnly(db =>
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        (long baseSeq, string baseHash) = Link(meta, AuditBase);
        (long headSeq, string headHash) = Link(meta, AuditHead);
        long events = 0, first = 0, last = 0;
        int checkpoints = 0;
        string previous = baseHash;
        bool baseVouched = baseSeq == 0;
        AuditBreak? broken = null;
        var pending = new Dictionary<long, string>(expected ?? new Dictionary<long, string>());
        foreach (BsonDocument doc in db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).Find(Query.All(Query.Ascending)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            long seq = doc["_id"].AsInt64;
            string action = doc["action"].IsString ? doc["action"].AsString : "?";
            AuditBreak Break(string problem) => new(seq, action, doc["at"].IsDateTime ? StoreDocuments.Time(doc["at"]) : null, problem);
            events++;
            first = events == 1 ? seq : first;
            string hash = doc["hash"].IsString ? doc["hash"].AsString : string.Empty;
            string prev = doc["prev_hash"].IsString ? doc["prev_hash"].AsString : string.Empty;
            if (broken is null && AuditChain.Hash(doc) != hash)
            {
                broken = Break($"event {seq} was altered: its content no longer matches its hash");
            }
            else if (broken is null && prev != previous)
            {
                broken = Break(events == 1
                    ? baseSeq == 0
                        ? $"events before {seq} were removed: the first kept event does not start the chain and no retention purge is recorded"
                        : $"event {seq} does not follow the last event retention removed ({baseSeq})"
                    : seq != last + 1
                        ? $"events {last + 1}–{seq - 1} are missing: event {seq} does not follow event {last}"
                        : $"event {seq} does not follow event {last}: the events were reordered or one was replaced");
            }

            if (action == "audit_purged" && doc["details"].IsDocument && doc["details"]["through_seq"].IsInt64
                && doc["details"]["through_seq"].AsInt64 == baseSeq && doc["details"]["through_hash"] == baseHash)
            {
                baseVouched = true;
            }

            checkpoints += action == "audit_checkpoint" ? 1 : 0;
            if (broken is null && pending.Remove(seq, out string? wanted) && !string.Equals(wanted, hash, StringComparison.OrdinalIgnoreCase))
            {
                broken = Break($"event {seq} carries {hash[..12]}…, not the checkpoint's {wanted[..Math.Min(12, wanted.Length)]}…: the chain was rewritten from there or before");
            }

            previous = hash;
            last = seq;
        }

        if (broken is null && events > 0 && (last != headSeq || previous != headHash))
        {
            broken = new AuditBreak(last, null, null, headSeq > last
                ? $"events after {last} were removed: the chain's head is event {headSeq}"
                : $"the chain's head record (event {headSeq}) does not match its last event ({last})");
        }
        else if (broken is null && events == 0 && headSeq != baseSeq)
        {
            broken = new AuditBreak(headSeq, null, null, $"every event up to {headSeq} was removed");
        }
        else if (broken is null && !baseVouched)
        {
            broken = new AuditBreak(baseSeq, null, null, $"events up to {baseSeq} are gone but no kept retention purge records removing them");
        }

        if (broken is null && pending.Count > 0)
        {
            long missing = pending.Keys.Min();
            broken = new AuditBreak(missing, null, null, missing <= baseSeq
                ? $"checkpoint event {missing} was removed by retention; verify against a later checkpoint"
                : $"checkpoint event {missing} is not in the chain");
        }

        return new AuditVerification(events, first, last, previous, baseSeq, checkpoints, broken);
    });

    /// <summary>
    /// Records a checkpoint of the chain (the head's sequence and hash) as an event of its own,
    /// forwarded like every audit event; null when nothing was recorded since the last one.
    /// </summary>
    public AuditCheckpoint? CheckpointAudit(string actor = "agent") => Write(db =>
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        (long headSeq, string headHash) = Link(meta, AuditHead);
        long lastCheckpoint = meta.FindById(AuditLastCheckpoint) is { } c ? c["seq"].AsInt64 : 0;
        if (headSeq == lastCheckpoint)
        {
            return null;
        }

        long since = headSeq - lastCheckpoint;
        long seq = Audit(db, "audit_checkpoint", subject: null, new BsonDocument
        {
            ["through_seq"] = headSeq,
            ["through_hash"] = headHash,
            ["events_since_last"] = since,
        }, actor);
        meta.Upsert(new BsonDocument { ["_id"] = AuditLastCheckpoint, ["seq"] = seq });
        return new AuditCheckpoint(seq, headSeq, headHash, since);
    });

    /// <summary>
    /// Records the settings the agent runs with when they differ from the last ones recorded:
    /// every setting the first time, then each one changed, added or removed, with old and new
    /// values. Values must already have secrets masked. False when nothing changed.
    /// </summary>
    public bool RecordSettings(IReadOnlyDictionary<string, string?> settings, string source, string actor)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string hash = SettingsHash(settings);
        return Write(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            BsonDocument? before = meta.FindById(SettingsRecord);
            if (before is not null && before["hash"].AsString == hash)
            {
                return false;
            }

            var old = before is null
                ? new Dictionary<string, string?>()
                : before["values"].AsArray.ToDictionary(v => v["key"].AsString, v => v["value"].IsString ? v["value"].AsString : null, StringComparer.Ordinal);
            var changes = new BsonArray();
            foreach (string key in settings.Keys.Union(old.Keys).Order(StringComparer.Ordinal))
            {
                string? from = old.GetValueOrDefault(key);
                string? to = settings.GetValueOrDefault(key);
                if (from != to && changes.Count < MaxSettingChanges)
                {
                    changes.Add(new BsonDocument { ["key"] = key, ["from"] = from, ["to"] = to });
                }
            }

            Audit(db, before is null ? "settings_recorded" : "settings_changed", subject: source, new BsonDocument
            {
                ["settings_sha256"] = hash,
                ["previous_sha256"] = before?["hash"] ?? BsonValue.Null,
                ["changes"] = changes,
            }, actor);
            meta.Upsert(new BsonDocument
            {
                ["_id"] = SettingsRecord,
                ["hash"] = hash,
                ["values"] = new BsonArray(settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new BsonDocument { ["key"] = s.Key, ["value"] = s.Value })),
            });
            return true;
        });
    }

    /// <summary>Records an audit event in the caller's transaction, chained to the one before, and queues it for the platform; returns its sequence number.</summary>
    private long Audit(LiteDatabase db, string action, string? subject, BsonDocument details, string actor = "agent")
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        (long headSeq, string headHash) = Link(meta, AuditHead);
        DateTimeOffset now = Now;
        long seq = headSeq + 1;
        var doc = new BsonDocument
        {
            ["_id"] = seq,
            ["at"] = AuditChain.StoredTime(now),
            ["action"] = action,
            ["actor"] = actor,
            ["details"] = details,
            ["prev_hash"] = headHash,
            ["forwarded_at"] = BsonValue.Null,
        };
        if (subject is not null)
        {
            doc["subject"] = subject;
        }

        string hash = AuditChain.Hash(doc);
        doc["hash"] = hash;
        db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64).Insert(doc);
        meta.Upsert(new BsonDocument { ["_id"] = AuditHead, ["seq"] = seq, ["hash"] = hash });
        Enqueue(db, OutboxKind.Audit, null, seq, now);
        return seq;
    }

    /// <summary>Deletes the oldest audit events (<paramref name="ids"/>, ascending, from the chain's start), recording where the chain now starts.</summary>
    private void RemoveAuditPrefix(LiteDatabase db, IReadOnlyList<BsonValue> ids, string actor)
    {
        ILiteCollection<BsonDocument> audit = db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64);
        long throughSeq = ids[^1].AsInt64;
        string throughHash = audit.FindById(throughSeq)["hash"].AsString;
        foreach (BsonValue id in ids)
        {
            audit.Delete(id);
        }

        db.GetCollection(StoreCollections.Meta).Upsert(new BsonDocument { ["_id"] = AuditBase, ["seq"] = throughSeq, ["hash"] = throughHash });
        Audit(db, "audit_purged", subject: null, new BsonDocument
        {
            ["reason"] = "retention",
            ["ids"] = new BsonArray(ids),
            ["through_seq"] = throughSeq,
            ["through_hash"] = throughHash,
        }, actor);
    }

    /// <summary>
    /// A store made before the chain existed: its events are linked in the order they were
    /// recorded, once, and that is itself audited.
    /// </summary>
    private void ChainUnlinkedEvents(LiteDatabase db)
    {
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        if (meta.FindById(AuditHead) is not null)
        {
            return;
        }

        ILiteCollection<BsonDocument> audit = db.GetCollection(StoreCollections.Audit, BsonAutoId.Int64);
        string previous = AuditChain.Genesis;
        long seq = 0, linked = 0;
        foreach (BsonDocument doc in audit.Find(Query.All(Query.Ascending)).ToList())
        {
            doc["at"] = AuditChain.StoredTime(StoreDocuments.Time(doc["at"]));
            doc["prev_hash"] = previous;
            doc["hash"] = previous = AuditChain.Hash(doc);
            audit.Update(doc);
            seq = doc["_id"].AsInt64;
            linked++;
        }

        meta.Upsert(new BsonDocument { ["_id"] = AuditHead, ["seq"] = seq, ["hash"] = previous });
        if (linked > 0)
        {
            Audit(db, "audit_chain_started", subject: null, new BsonDocument { ["linked_events"] = linked });
        }
    }

    private static (long Seq, string Hash) Link(ILiteCollection<BsonDocument> meta, string which) =>
        meta.FindById(which) is { } link ? (link["seq"].AsInt64, link["hash"].AsString) : (0, AuditChain.Genesis);

    private static string SettingsHash(IReadOnlyDictionary<string, string?> settings)
    {
        var text = new StringBuilder();
        foreach ((string key, string? value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value is null ? "\u0000" : value.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
