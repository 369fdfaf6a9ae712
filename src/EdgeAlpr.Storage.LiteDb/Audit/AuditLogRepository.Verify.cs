using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

internal sealed partial class AuditLogRepository
{
    /// <summary>
    /// Checks the audit chain from its first kept event to its head: every event's hash against
    /// its content, every link against the event before, the first kept event against the
    /// retention purge that removed the ones before it, and the head against the last event.
    /// <paramref name="expected"/> are checkpoints held elsewhere (the platform's copies): each
    /// named event must still carry that hash.
    /// </summary>
    public AuditVerification VerifyAudit(IReadOnlyDictionary<long, string>? expected = null, CancellationToken cancellationToken = default) =>
        session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            (long baseSeq, string baseHash) = Link(meta, AuditBase);
            (long headSeq, string headHash) = Link(meta, AuditHead);
            long events = 0,
                first = 0,
                last = 0;
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
                    broken = Break(
                        events == 1
                            ? baseSeq == 0
                                ? $"events before {seq} were removed: the first kept event does not start the chain and no retention purge is recorded"
                                : $"event {seq} does not follow the last event retention removed ({baseSeq})"
                            : seq != last + 1
                                ? $"events {last + 1}–{seq - 1} are missing: event {seq} does not follow event {last}"
                                : $"event {seq} does not follow event {last}: the events were reordered or one was replaced"
                    );
                }

                if (
                    action == "audit_purged"
                    && doc["details"].IsDocument
                    && doc["details"]["through_seq"].IsInt64
                    && doc["details"]["through_seq"].AsInt64 == baseSeq
                    && doc["details"]["through_hash"] == baseHash
                )
                {
                    baseVouched = true;
                }

                checkpoints += action == "audit_checkpoint" ? 1 : 0;
                if (broken is null && pending.Remove(seq, out string? wanted) && !string.Equals(wanted, hash, StringComparison.OrdinalIgnoreCase))
                {
                    broken = Break(
                        $"event {seq} carries {hash[..12]}…, not the checkpoint's {wanted[..Math.Min(12, wanted.Length)]}…: the chain was rewritten from there or before"
                    );
                }

                previous = hash;
                last = seq;
            }

            if (broken is null && events > 0 && (last != headSeq || previous != headHash))
            {
                broken = new AuditBreak(
                    last,
                    null,
                    null,
                    headSeq > last
                        ? $"events after {last} were removed: the chain's head is event {headSeq}"
                        : $"the chain's head record (event {headSeq}) does not match its last event ({last})"
                );
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
                broken = new AuditBreak(
                    missing,
                    null,
                    null,
                    missing <= baseSeq
                        ? $"checkpoint event {missing} was removed by retention; verify against a later checkpoint"
                        : $"checkpoint event {missing} is not in the chain"
                );
            }

            return new AuditVerification(events, first, last, previous, baseSeq, checkpoints, broken);
        });
}
