using System.Buffers.Binary;
using LiteDB;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// The collection names the header page (page 0) records, each with its collection id. When the header cannot be
/// read the salvage still goes on: collections are then known only by the ids on their data pages.
/// </summary>
internal static class HeaderCollections
{
    /// <summary>Collection id → name; null when the header page or its collection list is lost (the problem is reported).</summary>
    public static Dictionary<uint, string>? Read(LogicalPages pages, SalvageFindings findings)
    {
        if (!pages.TryGet(0, out LogicalPage header))
        {
            findings.Problem(SalvageFile.Data, null, "the header page is lost: collections are named by their ids (col_<id>)");
            return null;
        }

        if (!LitePageFormat.IsHeaderOfThisFormat(header.Bytes))
        {
            findings.PageLost(header.File, header.Index, "not a LiteDB 5 header page: collections are named by their ids (col_<id>)");
            return null;
        }

        BsonDocument? collections = ReadCollections(header, findings);
        if (collections is null)
        {
            return null;
        }

        var names = new Dictionary<uint, string>();
        foreach ((string name, BsonValue value) in collections)
        {
            long id = value.IsInt32 || value.IsInt64 ? value.AsInt64 : -1;
            if (id is <= 0 or >= uint.MaxValue)
            {
                findings.Problem(header.File, header.Index, $"collection '{name}' has no valid id ({value}); its documents, if any, appear by id");
            }
            else if (!names.TryAdd((uint)id, name))
            {
                findings.Problem(header.File, header.Index, $"collections '{names[(uint)id]}' and '{name}' share id {id}; kept the first name");
            }
        }

        return names;
    }

    private static BsonDocument? ReadCollections(LogicalPage header, SalvageFindings findings)
    {
        ReadOnlySpan<byte> area = header.Bytes.AsSpan(LitePageFormat.CollectionsOffset, LitePageFormat.CollectionsSize);
        int length = BinaryPrimitives.ReadInt32LittleEndian(area);
        if (length < BsonShape.EmptyDocumentLength || length > area.Length)
        {
            findings.PageLost(header.File, header.Index, $"the header's collection list claims {length} bytes: collections are named by their ids");
            return null;
        }

        if (!BsonDocumentBytes.TryRead(area[..length].ToArray(), out BsonDocument? collections, out string? problem))
        {
            findings.PageLost(header.File, header.Index, $"the header's collection list is damaged ({problem}): collections are named by their ids");
            return null;
        }

        return collections;
    }
}
