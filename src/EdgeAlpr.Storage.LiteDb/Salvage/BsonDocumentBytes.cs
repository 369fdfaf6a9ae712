using LiteDB;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>Turns salvaged bytes into a <see cref="BsonDocument"/> through LiteDB's public serializer, after <see cref="BsonShape"/> vouched for them.</summary>
internal static class BsonDocumentBytes
{
    /// <summary>False, with what is wrong, when the bytes are not one readable document; never throws.</summary>
    public static bool TryRead(byte[] bytes, out BsonDocument? document, out string? problem)
    {
        document = null;
        problem = BsonShape.Check(bytes);
        if (problem is not null)
        {
            return false;
        }

        try
        {
            // Dates as stored (UTC): a salvage copies values, it does not move them into the local time zone.
            document = BsonSerializer.Deserialize(bytes, utcDate: true);
            return true;
        }
        catch (Exception ex)
        {
            // Well-formed bytes can still hold values LiteDB refuses (a date out of range, a bad decimal).
            problem = $"{ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }
}
