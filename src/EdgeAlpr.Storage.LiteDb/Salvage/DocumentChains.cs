using System.Buffers.Binary;
using LiteDB;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// Reads a document from its first block through every following block, across pages. Each step is checked (the
/// block exists, is a continuation of the same collection, fits the length the document claims), a block seen
/// twice ends the walk, and no buffer is sized by a length read from the file: damaged pointers cost the one
/// document, never a hang or a huge allocation.
/// </summary>
internal sealed class DocumentChains(LogicalPages pages, SalvageFindings findings)
{
    private readonly HashSet<BlockAddress> _reached = [];

    /// <summary>Whether a document walk came to this continuation block (whole or not).</summary>
    public bool Reached(BlockAddress block) => _reached.Contains(block);

    /// <summary>The document that starts at <paramref name="first"/> (slot <paramref name="slot"/> of <paramref name="page"/>), or null when it is lost (reported).</summary>
    public BsonDocument? Read(LogicalPage page, byte slot, DataBlock first)
    {
        string? problem = Collect(page, slot, first, out byte[]? bytes);
        BsonDocument? document = null;
        if (problem is null && BsonDocumentBytes.TryRead(bytes!, out document, out problem))
        {
            BsonValue id = document!["_id"];
            if (id.IsNull || id.IsMinValue || id.IsMaxValue)
            {
                problem = $"its _id is {id}";
            }
        }

        if (problem is not null)
        {
            findings.DocumentLost(page.File, page.Index, $"the document starting at block {page.Id}:{slot} is lost: {problem}");
            return null;
        }

        return document;
    }

    private string? Collect(LogicalPage page, byte slot, DataBlock first, out byte[]? bytes)
    {
        bytes = null;
        ReadOnlySpan<byte> data = first.Data(page.Bytes);
        if (data.Length < 4)
        {
            return "its first block is too short to hold a length";
        }

        int claimed = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (claimed < BsonShape.EmptyDocumentLength || claimed > LitePageFormat.MaxDocumentBytes || data.Length > claimed)
        {
            return $"it claims {claimed} bytes, which its first block ({data.Length} bytes) cannot start";
        }

        using var collected = new MemoryStream();
        collected.Write(data);
        var seen = new HashSet<BlockAddress> { new(page.Id, slot) };
        BlockAddress next = first.Next;
        while (!next.IsNone)
        {
            if (!seen.Add(next))
            {
                return $"its blocks loop back to {next}";
            }

            _reached.Add(next);
            string? problem = NextBlock(next, page.CollectionId, out LogicalPage? nextPage, out DataBlock block);
            if (problem is not null)
            {
                return problem;
            }

            data = block.Data(nextPage!.Bytes);
            if (collected.Length + data.Length > claimed)
            {
                return $"its blocks hold more than the {claimed} bytes it claims";
            }

            collected.Write(data);
            next = block.Next;
        }

        if (collected.Length != claimed)
        {
            return $"its blocks hold {collected.Length} of the {claimed} bytes it claims";
        }

        bytes = collected.ToArray();
        return null;
    }

    private string? NextBlock(BlockAddress address, uint collection, out LogicalPage? page, out DataBlock block)
    {
        block = default;
        page = null;
        if (!pages.Exists(address.Page))
        {
            return $"its next block {address} is on a page the database does not have";
        }

        if (!pages.TryGet(address.Page, out LogicalPage found))
        {
            return $"its block {address} is on a lost page";
        }

        page = found;
        if (found.Type != LitePageType.Data || found.CollectionId != collection)
        {
            return $"its next block {address} is on a {found.Type} page of collection {found.CollectionId}, not a data page of {collection}";
        }

        if (!LitePageFormat.TryReadBlock(found.Bytes, address.Slot, out block, out string? problem))
        {
            return $"its next block {address} is {problem ?? "an empty slot"}";
        }

        return block.IsContinuation ? null : $"its next block {address} starts another document";
    }
}
