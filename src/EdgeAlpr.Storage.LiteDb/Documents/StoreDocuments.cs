using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Retention;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Reads, hits and dispositions as database documents, field by field: no reflection on the
/// write path, and field names that stay put when a class is renamed.
/// </summary>
internal static class StoreDocuments
{
    /// <summary>
    /// A new read's document. Without <paramref name="keepContext"/> (the quota's first step) only the
    /// plate crop is among its images; the scene image's capture hash is kept in <c>context_not_kept</c>.
    /// </summary>
    /// <param name="s">The read and what came with it.</param>
    /// <param name="hitIds">Its hits' ids.</param>
    /// <param name="retentionClass">How long it is kept.</param>
    /// <param name="storedAt">When it was made durable.</param>
    /// <param name="keepContext">False when its scene image is not kept.</param>
    public static BsonDocument Read(
        ReadSubmission s,
        IReadOnlyList<Guid> hitIds,
        RetentionClass retentionClass,
        DateTimeOffset storedAt,
        bool keepContext
    )
    {
        PlateRead r = s.Read;
        var candidates = new BsonArray();
        foreach (PlateCandidate c in r.Candidates)
        {
            candidates.Add(new BsonDocument { ["text"] = c.Text, ["p"] = (double)c.Probability });
        }

        var doc = new BsonDocument
        {
            ["_id"] = r.Id,
            ["device_id"] = r.DeviceId,
            ["camera_id"] = r.CameraId,
            ["captured_at"] = Utc(r.CapturedAt),
            ["first_seen"] = Utc(r.FirstSeen),
            ["last_seen"] = Utc(r.LastSeen),
            ["plate"] = r.Plate,
            ["confidence"] = (double)r.Confidence,
            ["candidates"] = candidates,
            ["box"] = new BsonArray(new BsonValue[] { r.Box.X1, r.Box.Y1, r.Box.X2, r.Box.Y2 }),
            ["frames_used"] = r.FramesUsed,
            ["images"] = keepContext
                ? new BsonArray(new BsonValue[] { Image("plate", r.PlateImage), Image("context", r.ContextImage) })
                : new BsonArray(new BsonValue[] { Image("plate", r.PlateImage) }),
            ["hit_ids"] = new BsonArray(hitIds.Select(id => new BsonValue(id))),
            ["class"] = retentionClass == RetentionClass.Serious ? "serious" : "routine",
            ["evidence"] = s.Evidence,
            ["stored_at"] = Utc(storedAt),
            ["forwarded_at"] = BsonValue.Null,
        };
        SetIfPresent(doc, "direction", r.Direction);
        SetIfPresent(doc, "state", s.State);
        if (!keepContext)
        {
            BsonDocument notKept = Image("context", r.ContextImage);
            notKept["reason"] = "quota";
            doc["context_not_kept"] = notKept;
        }

        if (r.Region is { } region)
        {
            doc["region"] = new BsonDocument { ["name"] = region.Name, ["confidence"] = (double)region.Confidence };
        }

        if (r.Location is { } at)
        {
            doc["location"] = new BsonDocument
            {
                ["lat"] = at.Latitude,
                ["lon"] = at.Longitude,
                ["source"] = at.Source,
            };
        }

        return doc;
    }

    public static StoredRead ToStoredRead(BsonDocument d)
    {
        BsonArray box = d["box"].AsArray;
        return new StoredRead(
            d["_id"].AsGuid,
            d["device_id"].AsString,
            d["camera_id"].AsString,
            Text(d, "direction"),
            Time(d["captured_at"]),
            Time(d["first_seen"]),
            Time(d["last_seen"]),
            d["plate"].AsString,
            (float)d["confidence"].AsDouble,
            Candidates(d),
            d["region"].IsDocument ? new RegionGuess(d["region"]["name"].AsString, (float)d["region"]["confidence"].AsDouble) : null,
            new BoundingBox((float)box[0].AsDouble, (float)box[1].AsDouble, (float)box[2].AsDouble, (float)box[3].AsDouble),
            d["frames_used"].AsInt32,
            d["location"].IsDocument
                ? new GeoPoint(d["location"]["lat"].AsDouble, d["location"]["lon"].AsDouble, d["location"]["source"].AsString)
                : null,
            Text(d, "state"),
            Images(d),
            d["hit_ids"].AsArray.Select(v => v.AsGuid).ToList(),
            ClassOf(d),
            d["evidence"].AsBoolean,
            Time(d["stored_at"]),
            OptionalTime(d["forwarded_at"]),
            OptionalTime(d["images_dropped_at"])
        );
    }

    /// <summary>A read the store gave up while storage failed, as the recovery audit lists it.</summary>
    public static BsonDocument GivenUp(PlateRead read) =>
        new()
        {
            ["read_id"] = read.Id,
            ["camera_id"] = read.CameraId,
            ["captured_at"] = Utc(read.CapturedAt),
            ["plate"] = read.Plate,
        };

    public static StoredReceipt ToReceipt(BsonDocument read) =>
        new(read["_id"].AsGuid, read["hit_ids"].AsArray.Select(v => v.AsGuid).ToList(), ClassOf(read), Time(read["stored_at"]));

    public static IReadOnlyList<PlateCandidate> Candidates(BsonDocument read) =>
        read["candidates"].AsArray.Select(c => new PlateCandidate(c["text"].AsString, (float)c["p"].AsDouble)).ToList();

    public static List<StoredImage> Images(BsonDocument read) =>
        read["images"]
            .AsArray.Select(i => new StoredImage(i["role"].AsString, i["sha256"].AsString, i["bytes"].AsInt64, i["media_type"].AsString))
            .ToList();

    public static RetentionClass ClassOf(BsonDocument read) => read["class"].AsString == "serious" ? RetentionClass.Serious : RetentionClass.Routine;

    public static BsonDocument Hit(Guid id, Guid readId, string cameraId, HotListHit hit, DateTimeOffset createdAt)
    {
        HotListEntry e = hit.Entry;
        var doc = new BsonDocument
        {
            ["_id"] = id,
            ["read_id"] = readId,
            ["camera_id"] = cameraId,
            ["created_at"] = Utc(createdAt),
            ["plate"] = e.Plate,
            ["category"] = HotListCategories.WireName(e.Category),
            ["source"] = e.Source,
            ["origin"] = e.Origin.ToString().ToLowerInvariant(),
            ["match_kind"] = MatchKinds.WireName(hit.Kind),
            ["score"] = (double)hit.Score,
            ["matched_text"] = hit.MatchedText,
            ["candidate_rank"] = hit.CandidateRank,
            ["priority"] = hit.Priority,
            ["alert"] = hit.Alert,
            ["verify"] = hit.Verify,
            ["forwarded_at"] = BsonValue.Null,
        };
        SetIfPresent(doc, "state", e.State);
        SetIfPresent(doc, "record_number", e.RecordNumber);
        SetIfPresent(doc, "reason", e.Reason);
        SetIfPresent(doc, "vehicle", e.Vehicle);
        SetIfPresent(doc, "entered_by", e.EnteredBy);
        if (e.EnteredAt is { } entered)
        {
            doc["entered_at"] = Utc(entered);
        }

        if (e.Expires is { } expires)
        {
            doc["expires"] = Utc(expires);
        }

        if (e.AlsoListedAs.Count > 0)
        {
            doc["also_listed_as"] = new BsonArray(e.AlsoListedAs.Select(c => new BsonValue(HotListCategories.WireName(c))));
        }

        if (hit.Retroactive is { } retro)
        {
            doc["retroactive"] = new BsonDocument
            {
                ["read_id"] = retro.ReadId,
                ["camera_id"] = retro.CameraId,
                ["seen_at"] = Utc(retro.SeenAt),
                ["minutes_before"] = retro.Before.TotalMinutes,
            };
        }

        return doc;
    }

    /// <summary>The audit details of a hit stored with its read: the read, camera, category, source, match kind and both images' hashes.</summary>
    public static BsonDocument HitRecorded(PlateRead read, HotListHit hit) =>
        new()
        {
            ["read_id"] = read.Id,
            ["camera_id"] = read.CameraId,
            ["category"] = HotListCategories.WireName(hit.Entry.Category),
            ["source"] = hit.Entry.Source,
            ["match_kind"] = MatchKinds.WireName(hit.Kind),
            ["images"] = new BsonArray(new BsonValue[] { read.PlateImage.Sha256, read.ContextImage.Sha256 }),
        };

    public static StoredHit ToStoredHit(BsonDocument d) =>
        new(
            d["_id"].AsGuid,
            d["read_id"].AsGuid,
            d["camera_id"].AsString,
            Time(d["created_at"]),
            new HitRecord(
                d["plate"].AsString,
                Text(d, "state"),
                d["category"].AsString,
                d["also_listed_as"].IsArray ? d["also_listed_as"].AsArray.Select(v => v.AsString).ToList() : null,
                d["source"].AsString,
                Text(d, "record_number"),
                Text(d, "reason"),
                Text(d, "vehicle"),
                Text(d, "entered_by"),
                OptionalTime(d["entered_at"]),
                OptionalTime(d["expires"]),
                d["origin"].AsString,
                d["match_kind"].AsString,
                WireJson.Round(d["score"].AsDouble),
                d["matched_text"].AsString,
                d["candidate_rank"].AsInt32,
                d["priority"].AsInt32,
                d["alert"].AsBoolean,
                d["verify"].AsString,
                d["retroactive"].IsDocument
                    ? new RetroactiveRecord(
                        d["retroactive"]["read_id"].AsGuid,
                        d["retroactive"]["camera_id"].AsString,
                        Time(d["retroactive"]["seen_at"]),
                        WireJson.Round(d["retroactive"]["minutes_before"].AsDouble, 1)
                    )
                    : null
            ),
            OptionalTime(d["forwarded_at"])
        );

    public static StoredDisposition ToStoredDisposition(BsonDocument d) =>
        new(
            d["_id"].AsGuid,
            d["hit_id"].AsGuid,
            d["decision"].AsString,
            d["officer"].AsString,
            Text(d, "verified_with"),
            Text(d, "reason"),
            Text(d, "note"),
            Time(d["decided_at"]),
            OptionalTime(d["forwarded_at"])
        );

    public static StoredAuditEvent ToStoredAuditEvent(BsonDocument d) =>
        new(
            d["_id"].AsInt64,
            Time(d["at"]),
            d["action"].AsString,
            d["actor"].AsString,
            Text(d, "subject"),
            d["details"].IsDocument ? BsonJson.Object(d["details"].AsDocument) : [],
            OptionalTime(d["forwarded_at"]),
            Text(d, "prev_hash") ?? string.Empty,
            Text(d, "hash") ?? string.Empty
        );

    public static BsonDocument Disposition(Guid id, HitDisposition d)
    {
        var doc = new BsonDocument
        {
            ["_id"] = id,
            ["hit_id"] = d.HitId,
            ["decision"] = d.Decision == HitDecision.Accepted ? "accepted" : "rejected",
            ["officer"] = d.Officer,
            ["decided_at"] = Utc(d.DecidedAt),
            ["forwarded_at"] = BsonValue.Null,
        };
        SetIfPresent(doc, "verified_with", d.VerifiedWith);
        SetIfPresent(doc, "note", d.Note);
        SetIfPresent(doc, "reason", d.Reason is { } reason ? RejectReasons.WireName(reason) : null);
        return doc;
    }

    public static DateTime Utc(DateTimeOffset at) => at.UtcDateTime;

    // LiteDB hands dates back in local time unless told otherwise; the store works in UTC.
    public static DateTimeOffset Time(BsonValue value) => new(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));

    public static DateTimeOffset? OptionalTime(BsonValue value) => value.IsDateTime ? Time(value) : null;

    private static BsonDocument Image(string role, EvidenceImage image) =>
        new()
        {
            ["role"] = role,
            ["sha256"] = image.Sha256,
            ["bytes"] = (long)image.Bytes.Length,
            ["media_type"] = image.MediaType,
        };

    private static string? Text(BsonDocument d, string field) => d[field].IsString ? d[field].AsString : null;

    private static void SetIfPresent(BsonDocument doc, string field, string? value)
    {
        if (value is not null)
        {
            doc[field] = value;
        }
    }
}
