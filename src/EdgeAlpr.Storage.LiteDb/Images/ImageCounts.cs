using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// The image files' count and bytes, kept in the meta collection and changed in the transaction
/// that writes or drops the images' reads, so usage and quota checks need not walk the folder.
/// </summary>
internal static class ImageCounts
{
    private const string Record = "images";

    /// <summary>Adds to the counts (negative to subtract); they never go below zero.</summary>
    public static void Add(LiteDatabase db, long bytes, long files)
    {
        if (bytes == 0 && files == 0)
        {
            return;
        }

        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        BsonDocument counts = meta.FindById(Record);
        counts["bytes"] = Math.Max(0, counts["bytes"].AsInt64 + bytes);
        counts["files"] = Math.Max(0, counts["files"].AsInt64 + files);
        meta.Update(counts);
    }
}
