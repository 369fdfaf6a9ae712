using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Names a salvaged collection whose name was lost with the header page, by the fields its
/// records carry (each of the store's collections has fields no other has).
/// </summary>
internal static class CollectionNames
{
    public static string? Guess(IReadOnlyList<BsonDocument> documents)
    {
        if (documents.Count == 0)
        {
            return null;
        }

        BsonDocument d = documents[0];
        return d switch
        {
            _ when d.ContainsKey("prev_hash") => StoreCollections.Audit,
            _ when d.ContainsKey("captured_at") && d.ContainsKey("plate") => StoreCollections.Reads,
            _ when d.ContainsKey("hit_id") && d.ContainsKey("decision") => StoreCollections.Dispositions,
            _ when d.ContainsKey("read_id") && d.ContainsKey("match_kind") => StoreCollections.Hits,
            _ when d.ContainsKey("enqueued_at") && d.ContainsKey("ref") => StoreCollections.Outbox,
            _ when d.ContainsKey("package_id") && d.ContainsKey("recipient_agency") => StoreCollections.Disseminations,
            _ when d.ContainsKey("requested_at") && d.ContainsKey("recipient_ori") => StoreCollections.ReleaseRequests,
            _ when d.ContainsKey("password_hash") && d.ContainsKey("agency_ori") => StoreCollections.Users,
            _ when d["_id"].IsString => StoreCollections.Meta,
            _ => null,
        };
    }
}
