using LiteDB;
using LiteDB.Engine;

namespace EdgeAlpr.Storage.Tests.Integrity;

/// <summary>
/// The store reaches into LiteDB's transaction monitor to keep a transaction LiteDB failed to dispose off the
/// finalizer thread; this pins that reach to the LiteDB the project builds with, so an upgrade that moves it fails here.
/// </summary>
public sealed class UndisposedTransactionsTests
{
    [Fact]
    public void The_open_transactions_of_this_LiteDB_engine_are_found_and_none_once_committed_or_closed()
    {
        using var data = new MemoryStream();
        using var log = new MemoryStream();
        var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log });
        using (var db = new LiteDatabase(engine))
        {
            Assert.Empty(
                UndisposedTransactions.Find(engine) ?? throw new InvalidOperationException("this LiteDB's transaction monitor is not the one known")
            );

            db.BeginTrans();
            db.GetCollection("reads").Insert(new BsonDocument { ["plate"] = "ABC123" });
            Assert.Single(UndisposedTransactions.Find(engine)!);
            db.Commit();
            Assert.Empty(UndisposedTransactions.Find(engine)!);

            db.BeginTrans();
            db.GetCollection("reads").Insert(new BsonDocument { ["plate"] = "XYZ789" });
            Assert.Single(UndisposedTransactions.Find(engine)!);
        }

        // A clean close disposes the open transaction itself: nothing is left to forget.
        engine.Dispose();
        Assert.Equal(0, UndisposedTransactions.Forget(engine));
    }
}
