using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The collections' indexes and the meta records a new store starts with; a store made by a
/// newer agent (a higher schema version) is refused rather than misread.
/// </summary>
internal static class StoreSchema
{
    public static void Ensure(LiteDatabase db, DateTimeOffset now, string directory)
    {
        ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
        reads.EnsureIndex("captured_at");
        reads.EnsureIndex("plate");
        reads.EnsureIndex("image_sha", "$.images[*].sha256");
        reads.EnsureIndex("candidate_text", "$.candidates[*].text");
        db.GetCollection(StoreCollections.Hits).EnsureIndex("read_id");
        db.GetCollection(StoreCollections.Hits).EnsureIndex("created_at");
        db.GetCollection(StoreCollections.Dispositions).EnsureIndex("hit_id");
        db.GetCollection(StoreCollections.Outbox).EnsureIndex("ref");
        db.GetCollection(StoreCollections.Outbox).EnsureIndex("enqueued_at");
        db.GetCollection(StoreCollections.Audit).EnsureIndex("at");
        db.GetCollection(StoreCollections.Disseminations).EnsureIndex("at");
        db.GetCollection(StoreCollections.ReleaseRequests).EnsureIndex("requested_at");
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        if (meta.FindById("schema") is not { } schema)
        {
            meta.Insert(new BsonDocument { ["_id"] = "schema", ["version"] = StoreCollections.SchemaVersion });
            meta.Insert(new BsonDocument { ["_id"] = "created", ["at"] = StoreDocuments.Utc(now) });
            meta.Insert(
                new BsonDocument
                {
                    ["_id"] = "images",
                    ["bytes"] = 0L,
                    ["files"] = 0L,
                }
            );
        }
        else if (schema["version"].AsInt32 > StoreCollections.SchemaVersion)
        {
            throw new StoreException(
                $"the store at {directory} was made by a newer edge-alpr (schema {schema["version"].AsInt32}); upgrade the agent"
            );
        }
    }
}
