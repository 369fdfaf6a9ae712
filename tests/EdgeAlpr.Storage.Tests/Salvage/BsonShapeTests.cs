using EdgeAlpr.Storage.Salvage;
using LiteDB;

namespace EdgeAlpr.Storage.Tests.Salvage;

public sealed class BsonShapeTests
{
    [Fact]
    public void Every_type_LiteDB_writes_passes()
    {
        var document = new BsonDocument
        {
            ["_id"] = ObjectId.NewObjectId(),
            ["double"] = 1.5,
            ["string"] = "plate ÄÖ",
            ["empty"] = "",
            ["document"] = new BsonDocument
            {
                ["inner"] = new BsonArray { 1, 2L, true, BsonValue.Null },
            },
            ["binary"] = new byte[] { 1, 2, 3 },
            ["guid"] = Guid.NewGuid(),
            ["date"] = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            ["decimal"] = 12.34m,
            ["min"] = BsonValue.MinValue,
            ["max"] = BsonValue.MaxValue,
        };
        byte[] bytes = BsonSerializer.Serialize(document);

        Assert.Null(BsonShape.Check(bytes));
        Assert.True(BsonDocumentBytes.TryRead(bytes, out BsonDocument? read, out _));
        Assert.Equal(JsonSerializer.Serialize(document), JsonSerializer.Serialize(read));
    }

    [Fact]
    public void Bytes_cut_short_or_run_on_are_refused()
    {
        byte[] bytes = BsonSerializer.Serialize(new BsonDocument { ["_id"] = 1, ["text"] = "abc" });

        Assert.NotNull(BsonShape.Check(bytes.AsSpan(..^1)));
        Assert.NotNull(BsonShape.Check([.. bytes, 0]));
        bytes[^2] = 1; // the string's own zero byte
        Assert.NotNull(BsonShape.Check(bytes));
    }

    [Fact]
    public void Nesting_deep_enough_to_overflow_LiteDBs_recursive_reader_is_refused_first()
    {
        // 200 000 documents, each the only element of the one around it: LiteDB's reader would recurse that deep.
        const int depth = 200_000;
        const int element = 1 + 2 + 4; // type, name "a" and its zero, then the nested document's length
        int length = 4 + depth * element + 1 + depth;
        var bytes = new byte[length];
        int at = 0;
        for (int level = 0; level < depth; level++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(at), length - at - level);
            at += 4;
            bytes[at++] = 0x03;
            bytes[at++] = (byte)'a';
            bytes[at++] = 0;
        }

        BitConverter.TryWriteBytes(bytes.AsSpan(at), 5);

        string? problem = BsonShape.Check(bytes);

        Assert.NotNull(problem);
        Assert.Contains("nested deeper", problem, StringComparison.Ordinal);
        Assert.False(BsonDocumentBytes.TryRead(bytes, out _, out _));
    }
}
