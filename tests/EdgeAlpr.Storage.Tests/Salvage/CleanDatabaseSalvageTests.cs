using EdgeAlpr.Storage.Salvage;
using LiteDB;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>An undamaged database salvages to exactly what LiteDB itself reads, wherever the committed pages are.</summary>
public sealed class CleanDatabaseSalvageTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_clean_database_salvages_every_document_of_every_collection(bool checkpointed)
    {
        var sample = new SalvageSample(checkpoint: checkpointed);
        byte[] data = sample.Data;
        byte[] log = sample.Log;
        Assert.Equal(checkpointed, log.Length == 0);

        SalvageResult result = SalvageSample.SalvageOf(data, log);

        Assert.Empty(result.Problems);
        Assert.Equal((0, 0, 0), (result.LostPages, result.LostDocuments, result.DuplicateDocuments));
        Dictionary<string, List<string>> expected = SalvageSample.WhatLiteDbReads(data, log);
        Assert.Equal(SalvageSample.ReadCount, expected[SalvageSample.Reads].Count);
        Assert.Equal(SalvageSample.AuditCount, expected[SalvageSample.Audit].Count);
        Assert.Equal(SalvageSample.BlobCount, expected[SalvageSample.Blobs].Count);
        Assert.Equal(expected, SalvageSample.Salvaged(result));
        Assert.All(result.Collections.Values, c => Assert.True(c.NamedInHeader));
    }

    [Fact]
    public void Documents_larger_than_a_page_come_back_whole_with_their_values_as_stored()
    {
        var sample = new SalvageSample(checkpoint: false);
        SalvageResult result = SalvageSample.SalvageOf(sample.Data, sample.Log);

        IReadOnlyList<BsonDocument> blobs = result.Collections[SalvageSample.Blobs].Documents;
        Assert.Equal(SalvageSample.BlobCount, blobs.Count);
        for (int i = 0; i < SalvageSample.BlobCount; i++)
        {
            BsonDocument blob = Assert.Single(blobs, b => b["_id"].AsString == $"blob-{i}");
            Assert.Equal(SalvageSample.BlobText(i), blob["text"].AsString);
            Assert.Equal(1024, blob["bytes"].AsBinary.Length);
        }

        BsonDocument read = Assert.Single(result.Collections[SalvageSample.Reads].Documents, d => d["_id"].AsInt64 == 7);
        Assert.Equal(new DateTime(2025, 3, 1, 8, 0, 7, DateTimeKind.Utc), read["at"].AsDateTime);
        Assert.Equal(DateTimeKind.Utc, read["at"].AsDateTime.Kind);
    }

    [Fact]
    public void Files_on_disk_salvage_through_file_streams()
    {
        using var folder = new TempFolder();
        string dataPath = folder.File("store.db");
        using (var db = new LiteDatabase(new ConnectionString { Filename = dataPath, Connection = ConnectionType.Direct }))
        {
            db.CheckpointSize = 0;
            db.GetCollection(SalvageSample.Reads).InsertBulk(Enumerable.Range(0, 100).Select(SalvageSample.ReadDocument));
        }

        string logPath = folder.File("store-log.db");
        Assert.True(new FileInfo(logPath).Length > 0, "the log should still hold the commits");
        using FileStream data = File.OpenRead(dataPath);
        using FileStream log = File.OpenRead(logPath);

        SalvageResult result = new LiteDbSalvageReader(new PlainPageSource(data), new PlainPageSource(log)).Read();

        Assert.Empty(result.Problems);
        Assert.Equal(
            SalvageSample.Sorted(Enumerable.Range(0, 100).Select(SalvageSample.ReadDocument)),
            SalvageSample.Sorted(result.Collections[SalvageSample.Reads].Documents)
        );
    }
}
