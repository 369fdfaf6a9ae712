using EdgeAlpr.Application.Evidence;
using LiteDB;

namespace EdgeAlpr.Storage.Tests.Integrity;

/// <summary>
/// A store in the format before sealing (LiteDB's AES-ECB with the key as password, images as
/// plain files named by their SHA-256) is sealed on first open: every record and image kept, the
/// old files gone, the migration audited.
/// </summary>
public sealed class MigrationTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task An_old_store_is_sealed_on_first_open_with_every_record_and_image_and_the_old_files_gone()
    {
        (List<StoredRead> reads, Dictionary<string, byte[]> images) = await MakeLegacyStoreAsync(12);
        string dir = _fixture.Options.Directory;
        string damaged = images.Keys.First();
        await File.WriteAllBytesAsync(Path.Combine(dir, "images", damaged[..2], damaged), [1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(dir, "migrating"));
        await File.WriteAllTextAsync(Path.Combine(dir, "migrating", "store.db"), "left by a migration cut short before it was whole");

        await using (EvidenceStore store = _fixture.Open())
        {
            foreach (StoredRead read in reads)
            {
                StoredRead back = store.Reads.FindRead(read.Id)!;
                Assert.Equal(read.Plate, back.Plate);
                foreach (StoredImage image in back.Images.Where(i => i.Sha256 != damaged))
                {
                    Assert.Equal(images[image.Sha256], store.Reads.ReadImage(image.Sha256));
                }
            }

            StoredAuditEvent migrated = Assert.Single(store.AuditLog.AuditTrail("store_migrated"));
            Assert.Equal(12, migrated.Details["reads"]!.GetValue<long>());
            Assert.Single(migrated.Details["damaged_images_quarantined"]!.AsArray());
            Assert.True(store.AuditLog.VerifyAudit().Ok);
            VerifyReport verify = store.Administration.Verify();
            Assert.Equal([new MissingImage(reads.First(r => r.Images.Any(i => i.Sha256 == damaged)).Id, damaged)], verify.MissingImages);
        }

        Assert.True(StoreMigration.IsSealed(Path.Combine(dir, "store.db")));
        Assert.False(Directory.Exists(Path.Combine(dir, "migrating")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "images"), images.Keys.Last(), SearchOption.AllDirectories));
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "quarantine"), damaged, SearchOption.AllDirectories));
        Assert.True(EvidenceStore.IsSealedAtRest(dir));
    }

    [Fact]
    public async Task An_old_store_with_the_wrong_key_is_refused_and_left_as_it_was()
    {
        await MakeLegacyStoreAsync(2);
        string data = Path.Combine(_fixture.Options.Directory, "store.db");
        byte[] before = await File.ReadAllBytesAsync(data);

        Assert.Throws<StoreKeyException>(() => _fixture.Open(StoreKey.Generate()));

        Assert.Equal(before, await File.ReadAllBytesAsync(data));
        Assert.False(Directory.Exists(Path.Combine(_fixture.Options.Directory, "migrating")));
    }

    /// <summary>Makes a store as the agent did before sealing, from one made now.</summary>
    private async Task<(List<StoredRead> Reads, Dictionary<string, byte[]> Images)> MakeLegacyStoreAsync(int count)
    {
        string dir = _fixture.Options.Directory;
        var reads = new List<StoredRead>();
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using (EvidenceStore store = _fixture.Open())
        {
            for (int i = 0; i < count; i++)
            {
                StoredReceipt receipt = await store.Reads.StoreAsync(
                    new ReadSubmission(StoreFixture.Read($"OLD{i:D3}", _fixture.Clock.Now), i % 3 == 0 ? [StoreFixture.Hit($"OLD{i:D3}")] : [])
                );
                StoredRead read = store.Reads.FindRead(receipt.ReadId)!;
                reads.Add(read);
                foreach (StoredImage image in read.Images)
                {
                    images[image.Sha256] = store.Reads.ReadImage(image.Sha256);
                }
            }
        }

        var collections = new Dictionary<string, List<BsonDocument>>(StringComparer.Ordinal);
        using (StoreDatabase sealedDb = StoreDatabase.Open(dir, StoreKeys.From(_fixture.Key), create: false, long.MaxValue))
        {
            foreach (string name in sealedDb.Db.GetCollectionNames())
            {
                collections[name] = sealedDb.Db.GetCollection(name).FindAll().Where(d => d["_id"] != "commit").ToList();
            }
        }

        foreach (string file in new[] { "store.db", "store-log.db", "store.manifest" })
        {
            File.Delete(Path.Combine(dir, file));
        }

        Directory.Delete(Path.Combine(dir, "images"), recursive: true);
        using (var legacy = new LiteDatabase(new ConnectionString { Filename = Path.Combine(dir, "store.db"), Password = _fixture.Key.Secret }))
        {
            foreach ((string name, List<BsonDocument> docs) in collections)
            {
                legacy.GetCollection(name).InsertBulk(docs);
            }
        }

        foreach ((string sha, byte[] bytes) in images)
        {
            Directory.CreateDirectory(Path.Combine(dir, "images", sha[..2]));
            await File.WriteAllBytesAsync(Path.Combine(dir, "images", sha[..2], sha), bytes);
        }

        return (reads, images);
    }
}
