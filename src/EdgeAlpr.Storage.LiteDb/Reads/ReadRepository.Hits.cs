using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using LiteDB;

namespace EdgeAlpr.Storage;

// Hits as officers see them, their decisions, and hits found later on reads already kept.
internal sealed partial class ReadRepository
{
    public StoredHit? FindHit(Guid id) =>
        session.ReadOnly(db => db.GetCollection(StoreCollections.Hits).FindById(id) is { } doc ? StoreDocuments.ToStoredHit(doc) : null);

    public StoredDisposition? FindDisposition(Guid id) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Dispositions).FindById(id) is { } doc ? StoreDocuments.ToStoredDisposition(doc) : null
        );

    /// <summary>
    /// Hits, newest first, each with its latest disposition; with <paramref name="undecidedOnly"/>, only those
    /// nobody has accepted or rejected.
    /// </summary>
    public IReadOnlyList<HitSummary> ListHits(int max, bool undecidedOnly) =>
        session.ReadOnly(db =>
        {
            ILiteCollection<BsonDocument> dispositions = db.GetCollection(StoreCollections.Dispositions);
            var list = new List<HitSummary>();
            foreach (BsonDocument hit in db.GetCollection(StoreCollections.Hits).Find(Query.All("created_at", Query.Descending)))
            {
                StoredDisposition? latest = dispositions
                    .Find(Query.EQ("hit_id", hit["_id"]))
                    .Select(StoreDocuments.ToStoredDisposition)
                    .MaxBy(d => d.DecidedAt);
                if (undecidedOnly && latest is not null)
                {
                    continue;
                }

                list.Add(new HitSummary(StoreDocuments.ToStoredHit(hit), latest));
                if (list.Count >= max)
                {
                    break;
                }
            }

            return list;
        });

    /// <summary>
    /// Hits whose id starts with <paramref name="prefix"/> (hex digits and dashes, at least 8), so an officer
    /// need not type the whole id; <see cref="FormatException"/> for anything else.
    /// </summary>
    public IReadOnlyList<StoredHit> FindHitsByPrefix(string prefix)
    {
        string wanted = prefix.Trim().ToLowerInvariant();
        if (Guid.TryParse(wanted, out Guid exact))
        {
            return FindHit(exact) is { } hit ? [hit] : [];
        }

        if (wanted.Length < 8 || !wanted.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            throw new FormatException($"'{prefix}' is not a hit id or the first 8 or more characters of one");
        }

        return session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Hits)
                .FindAll()
                .Where(d => d["_id"].AsGuid.ToString().StartsWith(wanted, StringComparison.Ordinal))
                .Select(StoreDocuments.ToStoredHit)
                .ToList()
        );
    }

    /// <summary>Records an officer's accept or reject of a hit; it is audited and forwarded like the hit.</summary>
    public Guid RecordDisposition(HitDisposition disposition)
    {
        ArgumentNullException.ThrowIfNull(disposition);
        if (disposition.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(disposition));
        }

        if (session.ReadOnly(db => db.GetCollection(StoreCollections.Hits).FindById(disposition.HitId)) is null)
        {
            throw new StoreException($"no hit {disposition.HitId} in this store");
        }

        Guid id = Guid.CreateVersion7(session.Now);
        session.Write(db =>
        {
            db.GetCollection(StoreCollections.Dispositions).Insert(StoreDocuments.Disposition(id, disposition));
            outbox.Enqueue(db, OutboxKind.Disposition, id, null, session.Now);
            audit.Append(
                db,
                "hit_disposition",
                disposition.HitId.ToString(),
                new BsonDocument
                {
                    ["disposition_id"] = id,
                    ["decision"] = disposition.Decision.ToString().ToLowerInvariant(),
                    ["verified_with"] = disposition.VerifiedWith ?? string.Empty,
                    ["reason"] = disposition.Reason is { } reason ? RejectReasons.WireName(reason) : string.Empty,
                },
                actor: disposition.Officer
            );
            return 0;
        });
        return id;
    }

    public IReadOnlyList<Guid> DispositionsOf(Guid hitId) =>
        session.ReadOnly(db => db.GetCollection(StoreCollections.Dispositions).Find(Query.EQ("hit_id", hitId)).Select(d => d["_id"].AsGuid).ToList());

    /// <summary>
    /// Keeps hits found on reads made before their entry was listed (an AMBER alert issued ten
    /// minutes after the car passed): each becomes a hit of its read, queued for the platform
    /// ahead of routine traffic, and the read is now kept as long as a hit. A read already gone
    /// (purged) yields nothing. Returns the new hits' ids with their hits, durable on return.
    /// </summary>
    public IReadOnlyList<(Guid HitId, HotListHit Hit, string CameraId)> RecordRetroactiveHits(IReadOnlyList<HotListHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0)
        {
            return [];
        }

        return session.Write(db =>
        {
            DateTimeOffset now = session.Now;
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            ILiteCollection<BsonDocument> stored = db.GetCollection(StoreCollections.Hits);
            var recorded = new List<(Guid, HotListHit, string)>(hits.Count);
            foreach (HotListHit hit in hits)
            {
                if (hit.Retroactive is not { } past || reads.FindById(past.ReadId) is not { } read)
                {
                    continue;
                }

                Guid hitId = Guid.CreateVersion7(now);
                string camera = read["camera_id"].AsString;
                stored.Insert(StoreDocuments.Hit(hitId, past.ReadId, camera, hit, now));
                outbox.Enqueue(db, OutboxKind.Hit, hitId, null, now);
                read["hit_ids"].AsArray.Add(hitId);
                read["class"] = "serious";
                reads.Update(read);
                audit.Append(
                    db,
                    "retroactive_hit",
                    hitId.ToString(),
                    new BsonDocument
                    {
                        ["read_id"] = past.ReadId,
                        ["category"] = HotListCategories.WireName(hit.Entry.Category),
                        ["minutes_before"] = Math.Round(past.Before.TotalMinutes, 1),
                    }
                );
                recorded.Add((hitId, hit, camera));
            }

            return recorded;
        });
    }
}
