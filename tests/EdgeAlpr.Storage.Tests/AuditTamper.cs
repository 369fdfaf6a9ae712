using LiteDB;

namespace EdgeAlpr.Storage.Tests;

/// <summary>
/// Edits a closed store's audit trail the way someone holding the store key could: straight in
/// the database, past the store's API.
/// </summary>
internal sealed class AuditTamper(string directory, string secret)
{
    public void Edit(Action<ILiteCollection<BsonDocument>, ILiteCollection<BsonDocument>> change)
    {
        using StoreDatabase store = StoreDatabase.Open(
            directory,
            StoreKeys.FromSecret(System.Text.Encoding.UTF8.GetBytes(secret)),
            create: false,
            checkpointBytes: long.MaxValue
        );
        LiteDatabase db = store.Db;
        change(db.GetCollection("audit", BsonAutoId.Int64), db.GetCollection("meta"));
        db.Checkpoint();
    }

    public List<BsonDocument> Events()
    {
        List<BsonDocument> events = [];
        Edit((audit, _) => events.AddRange(audit.Find(Query.All(Query.Ascending))));
        return events;
    }
}
