using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The audit trail's hash chain. Each event's hash covers its sequence number, time, action,
/// actor, subject, details and the previous event's hash, written in one canonical form (keys in
/// ordinal order, types tagged), so altering, removing or reordering any event breaks a link.
/// <c>forwarded_at</c> is not covered: it is the one field the store changes afterwards.
/// </summary>
internal static class AuditChain
{
    /// <summary>The link before the first event ever recorded.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string Format = "edge-alpr-audit/1";

    /// <summary>LiteDB keeps times to the millisecond; the chain hashes what it keeps.</summary>
    public static DateTime StoredTime(DateTimeOffset at)
    {
        long ticks = at.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    /// <summary>The hash an audit document should carry, from its own fields and its <c>prev_hash</c>.</summary>
    public static string Hash(BsonDocument doc)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Format);
            writer.WriteNumberValue(doc["_id"].AsInt64);
            writer.WriteStringValue(Iso(doc["at"]));
            writer.WriteStringValue(doc["action"].AsString);
            writer.WriteStringValue(doc["actor"].AsString);
            if (doc["subject"].IsString)
            {
                writer.WriteStringValue(doc["subject"].AsString);
            }
            else
            {
                writer.WriteNullValue();
            }

            Write(writer, doc["details"]);
            writer.WriteStringValue(doc["prev_hash"].IsString ? doc["prev_hash"].AsString : string.Empty);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value.Type)
        {
            case BsonType.Document:
                writer.WriteStartObject();
                foreach (string key in value.AsDocument.Keys.OrderBy(k => k, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value.AsDocument[key]);
                }

                writer.WriteEndObject();
                break;
            case BsonType.Array:
                writer.WriteStartArray();
                foreach (BsonValue item in value.AsArray)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case BsonType.String:
                writer.WriteStringValue(value.AsString);
                break;
            case BsonType.Boolean:
                writer.WriteBooleanValue(value.AsBoolean);
                break;
            case BsonType.Int32:
                writer.WriteNumberValue(value.AsInt32);
                break;
            case BsonType.Int64:
                Tagged(writer, "$long", value.AsInt64.ToString(CultureInfo.InvariantCulture));
                break;
            case BsonType.Double:
                Tagged(writer, "$double", value.AsDouble.ToString("R", CultureInfo.InvariantCulture));
                break;
            case BsonType.Decimal:
                Tagged(writer, "$decimal", value.AsDecimal.ToString(CultureInfo.InvariantCulture));
                break;
            case BsonType.Guid:
                Tagged(writer, "$guid", value.AsGuid.ToString());
                break;
            case BsonType.DateTime:
                Tagged(writer, "$date", Iso(value));
                break;
            case BsonType.Binary:
                Tagged(writer, "$binary", Convert.ToBase64String(value.AsBinary));
                break;
            case BsonType.ObjectId:
                Tagged(writer, "$oid", value.AsObjectId.ToString());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void Tagged(Utf8JsonWriter writer, string tag, string text)
    {
        writer.WriteStartObject();
        writer.WriteString(tag, text);
        writer.WriteEndObject();
    }

    private static string Iso(BsonValue value) =>
        value.IsDateTime ? StoredTime(StoreDocuments.Time(value)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : string.Empty;
}
