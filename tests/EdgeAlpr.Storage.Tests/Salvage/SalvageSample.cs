using EdgeAlpr.Storage.Salvage;
using LiteDB;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>
/// A small real LiteDB database for salvage tests, its two files as bytes: small reads (one block each), audit
/// events, and blobs of 20 KB (three blocks over three pages). Written in several transactions, with automatic
/// checkpoints off so the log keeps what was committed until <see cref="Checkpoint"/>.
/// </summary>
internal sealed class SalvageSample
{
    public const string Reads = "reads";
    public const string Audit = "audit";
    public const string Blobs = "blobs";

    public const int ReadCount = 300;
    public const int AuditCount = 60;
    public const int BlobCount = 4;
    public const int BlobChars = 20_000;

    private static readonly DateTime Start = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private byte[] _data = [];
    private byte[] _log = [];

    /// <summary>Creates the database with <see cref="ReadCount"/> reads, <see cref="AuditCount"/> events and <see cref="BlobCount"/> blobs.</summary>
    public SalvageSample(bool checkpoint)
    {
        Write(db =>
        {
            db.CheckpointSize = 0;
            for (int batch = 0; batch < ReadCount; batch += 50)
            {
                db.GetCollection(Reads).InsertBulk(Enumerable.Range(batch, 50).Select(ReadDocument));
            }

            ILiteCollection<BsonDocument> audit = db.GetCollection(Audit, BsonAutoId.Int64);
            for (int i = 0; i < AuditCount; i++)
            {
                audit.Insert(new BsonDocument { ["action"] = "event-" + i, ["at"] = Start.AddMinutes(i) });
            }

            for (int i = 0; i < BlobCount; i++)
            {
                db.GetCollection(Blobs).Insert(BlobDocument(i));
            }

            if (checkpoint)
            {
                db.Checkpoint();
            }
        });
    }

    /// <summary>A copy of the data file's bytes.</summary>
    public byte[] Data => [.. _data];

    /// <summary>A copy of the log file's bytes.</summary>
    public byte[] Log => [.. _log];

    /// <summary>What marks read <paramref name="i"/> in the file's bytes: it is in no index, so only its data block holds it.</summary>
    public static string Tag(int i) => $"tag-{i:D5};";

    public static BsonDocument ReadDocument(int i) =>
        new()
        {
            ["_id"] = (long)i,
            ["plate"] = $"AB{i:D4}",
            ["tag"] = Tag(i),
            ["at"] = Start.AddSeconds(i),
            ["box"] = new BsonDocument { ["x"] = i % 640, ["y"] = 12.5 },
            ["candidates"] = new BsonArray { $"AB{i:D4}", $"A8{i:D4}" },
        };

    public static string BlobText(int i) => new((char)('a' + i), BlobChars);

    /// <summary>Opens the database again and runs <paramref name="write"/> (committed; no checkpoint unless it makes one).</summary>
    public void Write(Action<LiteDatabase> write)
    {
        using var data = new MemoryStream();
        using var log = new MemoryStream();
        data.Write(_data);
        log.Write(_log);
        using (var db = new LiteDatabase(data, logStream: log))
        {
            write(db);
        }

        _data = data.ToArray();
        _log = log.ToArray();
    }

    public void Checkpoint() => Write(db => db.Checkpoint());

    /// <summary>Every document LiteDB itself reads from these bytes, per collection, as sorted JSON: what a salvage must match.</summary>
    public static Dictionary<string, List<string>> WhatLiteDbReads(byte[] data, byte[] log)
    {
        // Copies: opening a database writes to it.
        using var db = new LiteDatabase(new MemoryStream([.. data]), logStream: new MemoryStream([.. log]));
        return db.GetCollectionNames().ToDictionary(name => name, name => Sorted(db.GetCollection(name).FindAll()));
    }

    public static List<string> Sorted(IEnumerable<BsonDocument> documents) =>
        [.. documents.Select(d => JsonSerializer.Serialize(d)).Order(StringComparer.Ordinal)];

    public static Dictionary<string, List<string>> Salvaged(SalvageResult result) =>
        result.Collections.ToDictionary(c => c.Key, c => Sorted(c.Value.Documents));

    public static SalvageResult SalvageOf(byte[] data, byte[]? log) =>
        new LiteDbSalvageReader(new PlainPageSource(new MemoryStream(data)), log is null ? null : new PlainPageSource(new MemoryStream(log))).Read();

    private static BsonDocument BlobDocument(int i) =>
        new()
        {
            ["_id"] = $"blob-{i}",
            ["text"] = BlobText(i),
            ["bytes"] = Enumerable.Range(0, 1024).Select(b => (byte)(b * (i + 3))).ToArray(),
        };
}
