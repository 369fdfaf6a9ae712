using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Storage.Tests.Integrity;

/// <summary>
/// Damage to real store files, each fault as the issue lists it: what the store reports, and that
/// with repair on (the agent's default) it opens, keeps every record that could be read, records
/// the repair, and goes on storing.
/// </summary>
public sealed class IntegrityTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public IntegrityTests()
    {
        // A checkpoint after every commit puts the records in the data file, not only the log.
        _fixture.Options.CheckpointMegabytes = 0;
    }

    private string Dir => _fixture.Options.Directory;

    private string Data => Path.Combine(Dir, "store.db");

    private string Log => Path.Combine(Dir, "store-log.db");

    private string Manifest => Path.Combine(Dir, "store.manifest");

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_flipped_byte_in_a_data_page_is_reported_with_its_page_and_repair_keeps_every_other_record()
    {
        List<Guid> stored = await StoreReadsAsync(40);
        long page = StoreDamage.Pages(Data) - 1;
        StoreDamage.Flip(Data, StoreDamage.PageOffset(page) + 500);

        StoreDamagedException refused = Assert.Throws<StoreDamagedException>(() => _fixture.Open());
        Assert.Contains($"store.db: page {page}: the page does not authenticate", refused.Message, StringComparison.Ordinal);
        Assert.Contains(
            $"store.db page {page}: the page does not authenticate",
            Assert.Single(EvidenceStore.CheckFiles(_fixture.Options, _fixture.Key))
        );

        _fixture.Options.RepairOnDamage = true;
        await using EvidenceStore store = _fixture.Open();
        StoreRepairReport repair = Assert.IsType<StoreRepairReport>(store.LastRepair);
        Assert.Equal(1, repair.LostPages);
        Assert.Equal(stored.Count, repair.SalvagedReads + CountMissing(store, stored));
        Assert.True(File.Exists(Path.Combine(repair.Quarantined, "store.db")), "the damaged file is kept");
        Assert.NotNull(store.Reads.Health.Repaired);
        StoredAuditEvent audit = Assert.Single(store.AuditLog.AuditTrail("store_repaired"));
        Assert.Equal(repair.SalvagedReads, audit.Details["salvaged_reads"]!.GetValue<long>());
        Assert.True(store.Administration.Verify().Ok);

        // And it goes on storing.
        StoredReceipt after = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("AFTER1", _fixture.Clock.Now), []));
        Assert.NotNull(store.Reads.FindRead(after.ReadId));
    }

    [Fact]
    public async Task A_zeroed_block_of_the_log_is_found_by_verify_and_repaired_without_an_exception()
    {
        _fixture.Options.CheckpointMegabytes = 64;
        List<Guid> stored = await StoreReadsAsync(20);
        StoreDamage.ZeroBlock(Log, 3);

        IReadOnlyList<string> problems = EvidenceStore.CheckFiles(_fixture.Options, _fixture.Key);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.StartsWith("store-log.db page ", p, StringComparison.Ordinal));

        StoreRepairReport repair = EvidenceStore.Repair(
            _fixture.Options,
            _fixture.Key,
            _fixture.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance
        )!;
        Assert.True(repair.LostPages >= 1);
        await using EvidenceStore store = _fixture.Open();
        Assert.Equal(repair.SalvagedReads, stored.Count - CountMissing(store, stored));
        Assert.True(store.Administration.Verify().Ok);
    }

    [Fact]
    public async Task A_truncated_log_or_data_file_is_older_than_its_manifest_never_a_fresh_store()
    {
        _fixture.Options.CheckpointMegabytes = 64;
        await StoreReadsAsync(20);
        StoreDamage.Truncate(Log, 16384);
        StoreDamagedException log = Assert.Throws<StoreDamagedException>(() => _fixture.Open());
        Assert.Contains("older than its manifest", log.Message, StringComparison.Ordinal);
        Assert.Contains(EvidenceStore.CheckFiles(_fixture.Options, _fixture.Key), p =>
            p.Contains("older than its manifest", StringComparison.Ordinal)
        );

        _fixture.Options.RepairOnDamage = true;
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Contains("older than its manifest", store.LastRepair!.Cause, StringComparison.Ordinal);
            Assert.Single(store.AuditLog.AuditTrail("store_repaired"));
        }

        _fixture.Options.RepairOnDamage = null;
        _fixture.Options.CheckpointMegabytes = 0;
        await StoreReadsAsync(5);
        StoreDamage.Truncate(Data, StoreDamage.PageOffset(2));
        Assert.Throws<StoreDamagedException>(() => _fixture.Open());
    }

    [Fact]
    public async Task A_rolled_back_copy_of_the_database_is_older_than_its_manifest()
    {
        await StoreReadsAsync(5);
        string old = Path.Combine(_fixture.Directory, "old");
        StoreDamage.CopyFiles(Dir, old, "store.db", "store-log.db");
        await StoreReadsAsync(5);
        StoreDamage.CopyFiles(old, Dir, "store.db", "store-log.db");

        StoreDamagedException refused = Assert.Throws<StoreDamagedException>(() => _fixture.Open());
        Assert.Contains("older than its manifest", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_copy_of_the_manifest_makes_the_database_younger_and_a_deleted_one_is_missed()
    {
        await StoreReadsAsync(5);
        string old = Path.Combine(_fixture.Directory, "old");
        StoreDamage.CopyFiles(Dir, old, "store.manifest");
        await StoreReadsAsync(5);
        StoreDamage.CopyFiles(old, Dir, "store.manifest");
        Assert.Contains("younger than its manifest", Assert.Throws<StoreDamagedException>(() => _fixture.Open()).Message, StringComparison.Ordinal);

        File.Delete(Manifest);
        Assert.Contains("manifest", Assert.Throws<StoreDamagedException>(() => _fixture.Open()).Message, StringComparison.Ordinal);
        Assert.Contains("store.manifest: missing", EvidenceStore.CheckFiles(_fixture.Options, _fixture.Key));

        // Repair salvages everything and makes a new manifest: nothing was lost but the manifest.
        _fixture.Options.RepairOnDamage = true;
        await using EvidenceStore store = _fixture.Open();
        Assert.Equal(10, store.LastRepair!.SalvagedReads);
        Assert.Equal(0, store.LastRepair.LostPages);
        Assert.True(File.Exists(Manifest));
    }

    [Fact]
    public async Task One_torn_manifest_slot_is_survived_and_both_slots_damaged_is_reported()
    {
        await StoreReadsAsync(3);
        StoreDamage.Flip(Manifest, 100);
        await using (EvidenceStore store = _fixture.Open())
        {
            Assert.Equal(3, store.Administration.Stats().Reads);
        }

        StoreDamage.ScribbleFromOutside(Manifest, 60, 16);
        StoreDamage.ScribbleFromOutside(Manifest, 4096 + 60, 16);
        Assert.Contains("does not authenticate", Assert.Throws<StoreDamagedException>(() => _fixture.Open()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_from_another_store_are_refused()
    {
        await StoreReadsAsync(2);
        using var other = new StoreFixture();
        other.Options.CheckpointMegabytes = 0;
        await using (
            EvidenceStore store = EvidenceStore.Open(
                other.Options,
                _fixture.Key,
                other.Clock,
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance
            )
        )
        {
            await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("OTHER1", other.Clock.Now), []));
        }

        StoreDamage.CopyFiles(other.Options.Directory, Dir, "store.db", "store-log.db");
        Assert.Contains("another store", Assert.Throws<StoreDamagedException>(() => _fixture.Open()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_told_from_a_damaged_header_and_a_lost_header_is_read_with_the_id_the_manifest_kept()
    {
        List<Guid> stored = await StoreReadsAsync(12);
        Assert.Throws<StoreKeyException>(() => _fixture.Open(StoreKey.Generate()));

        StoreDamage.Flip(Data, 25);
        StoreDamagedException damaged = Assert.Throws<StoreDamagedException>(() => _fixture.Open());
        Assert.Contains("header is damaged", damaged.Message, StringComparison.Ordinal);

        _fixture.Options.RepairOnDamage = true;
        await using EvidenceStore store = _fixture.Open();
        Assert.Equal(0, CountMissing(store, stored));
    }

    [Fact]
    public async Task A_flipped_byte_in_an_image_is_corruption_but_an_empty_orphan_is_a_crash_leftover()
    {
        StoredReceipt receipt;
        await using (EvidenceStore store = _fixture.Open())
        {
            receipt = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("IMG001", _fixture.Clock.Now), []));
        }

        string leftover = Path.Combine(Dir, "images", "ab", "ab" + new string('1', 62));
        await File.WriteAllBytesAsync(leftover, []);
        await using (EvidenceStore store = _fixture.Open())
        {
            VerifyReport clean = store.Administration.Verify();
            Assert.True(clean.Ok, string.Join("; ", clean.DatabaseProblems.Concat(clean.ForeignFiles)));
            Assert.Equal(1, clean.CrashLeftovers);
        }

        await File.WriteAllBytesAsync(Path.Combine(Dir, "images", "cd", "cd" + new string('2', 62)), new byte[5000]);
        string sha;
        await using (EvidenceStore store = _fixture.Open())
        {
            sha = store.Reads.FindRead(receipt.ReadId)!.Images[0].Sha256;
        }

        string path = _fixture.ImagePath(sha);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        StoreDamage.Flip(path, 40);
        await using (EvidenceStore store = _fixture.Open())
        {
            VerifyReport report = store.Administration.Verify();
            Assert.Equal([sha], report.CorruptImages);
            Assert.Single(report.ForeignFiles);
            Assert.True(Assert.Throws<CorruptImageException>(() => store.Reads.ReadImage(sha)).IsUnreadable);
        }
    }

    [Fact]
    public async Task Damage_found_while_the_store_is_open_is_repaired_in_place_and_storing_goes_on()
    {
        _fixture.Options.RepairOnDamage = true;
        await using EvidenceStore store = _fixture.Open();
        List<Guid> before = [];
        for (int i = 0; i < 10; i++)
        {
            before.Add((await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read($"LIVE{i:D2}", _fixture.Clock.Now), []))).ReadId);
        }

        // A sector goes bad under the running agent: the check finds it, and the next write repairs the store.
        StoreDamage.ScribbleFromOutside(Data, StoreDamage.PageOffset(1) + 300, 8);
        VerifyReport found = store.Administration.Verify();
        Assert.Contains(found.DatabaseProblems, p => p.StartsWith("store.db page 1: ", StringComparison.Ordinal));

        StoredReceipt after = await store
            .Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("LIVE99", _fixture.Clock.Now), []))
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(store.Reads.FindRead(after.ReadId));
        Assert.NotNull(store.LastRepair);
        Assert.Single(store.AuditLog.AuditTrail("store_repaired"));
    }

    private async Task<List<Guid>> StoreReadsAsync(int count)
    {
        var ids = new List<Guid>();
        await using EvidenceStore store = _fixture.Open();
        for (int i = 0; i < count; i++)
        {
            StoredReceipt receipt = await store.Reads.StoreAsync(
                new ReadSubmission(
                    StoreFixture.Read($"DMG{i:D3}", _fixture.Clock.Now.AddSeconds(i)),
                    i % 4 == 0 ? [StoreFixture.Hit($"DMG{i:D3}")] : []
                )
            );
            ids.Add(receipt.ReadId);
        }

        return ids;
    }

    private static int CountMissing(EvidenceStore store, List<Guid> ids) => ids.Count(id => store.Reads.FindRead(id) is null);
}
