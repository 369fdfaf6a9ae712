using System.Globalization;
using System.Text.Json.Nodes;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Stored documents as plain JSON for the wire: ids and dates as strings (ISO 8601, UTC),
/// binary as base64; none of LiteDB's own <c>$date</c>/<c>$guid</c> forms.
/// </summary>
internal static class BsonJson
{
    public static JsonObject Object(BsonDocument doc)
    {
        var json = new JsonObject();
        foreach ((string key, BsonValue value) in doc)
        {
            json[key] = Node(value);
        }

        return json;
    }

    public static BsonValue Value(object? value) =>
        value switch
        {
            null => BsonValue.Null,
            string s => s,
            bool b => b,
            int i => i,
            long l => l,
            double d => d,
            float f => (double)f,
            Guid g => g,
            DateTimeOffset t => StoreDocuments.Utc(t),
            TimeSpan span => span.TotalSeconds,
            IEnumerable<string> list => new BsonArray(list.Select(x => new BsonValue(x))),
            IEnumerable<Guid> ids => new BsonArray(ids.Select(x => new BsonValue(x))),
            _ => value.ToString() ?? string.Empty,
        };

    private static JsonNode? Node(BsonValue value) =>
        value.Type switch
        {
            BsonType.Null or BsonType.MinValue or BsonType.MaxValue => null,
            BsonType.Document => Object(value.AsDocument),
            BsonType.Array => new JsonArray(value.AsArray.Select(Node).ToArray()),
            BsonType.String => value.AsString,
            BsonType.Boolean => value.AsBoolean,
            BsonType.Int32 => value.AsInt32,
            BsonType.Int64 => value.AsInt64,
            BsonType.Double => value.AsDouble,
            BsonType.Decimal => value.AsDecimal,
            BsonType.Guid => value.AsGuid.ToString(),
            BsonType.ObjectId => value.AsObjectId.ToString(),
            BsonType.DateTime => StoreDocuments.Time(value).ToString("O", CultureInfo.InvariantCulture),
            BsonType.Binary => Convert.ToBase64String(value.AsBinary),
            _ => value.ToString(),
        };
}
