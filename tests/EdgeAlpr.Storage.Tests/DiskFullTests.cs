using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Storage.Tests;

/// <summary>A real full disk: the store lives on a small tmpfs that a filler file fills up.</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly StoreFixture _fixture = new();
    private readonly string _mount;

    public DiskFullTests()
    {
        _mount = Path.Combine(_fixture.Directory, "small-disk");
        Directory.CreateDirectory(_mount);
        Run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", _mount);
        _fixture.Options.Directory = Path.Combine(_mount, "store");
    }

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        _fixture.Dispose();
    }

    [Fact]
    public async Task When_the_disk_fills_the_store_raises_the_alarm_holds_reads_and_recovers_when_space_returns()
    {
        await using EvidenceStore store = _fixture.Open(time: TimeProvider.System);
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("FIRST1", DateTimeOffset.UtcNow), []));
        var alarms = new List<StorageHealth>();
        store.Reads.HealthChanged += h =>
        {
            lock (alarms)
            {
                alarms.Add(h);
            }
        };

        string filler = Path.Combine(_mount, "filler");
        FillDisk(filler);
        var reads = Enumerable.Range(0, 5).Select(i => StoreFixture.Read($"FULL{i:D2}", DateTimeOffset.UtcNow, imageBytes: 20_000)).ToList();
        List<Task<StoredReceipt>> stored = reads
            .Select((r, i) => store.Reads.StoreAsync(new ReadSubmission(r, i == 0 ? [StoreFixture.Hit(r.Plate)] : [])))
            .ToList();

        // Storing waits; the caller (matching, alerting) was never blocked: StoreAsync returned at once.
        await Poll.WaitAsync(() => store.Reads.Health.Alarm, TimeSpan.FromSeconds(20));

        Assert.True(store.Reads.Health.Alarm, "no storage alarm on a full disk");
        Assert.Contains("space", store.Reads.Health.Reason!, StringComparison.OrdinalIgnoreCase);
        Assert.All(stored, t => Assert.False(t.IsCompleted));

        File.Delete(filler);
        StoredReceipt[] receipts = await Task.WhenAll(stored).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(reads.Select(r => r.Id), receipts.Select(r => r.ReadId));
        Assert.False(store.Reads.Health.Alarm);
        lock (alarms)
        {
            Assert.True(alarms[0].Alarm);
            Assert.False(alarms[^1].Alarm);
        }

        foreach (var read in reads)
        {
            StoredRead back = store.Reads.FindRead(read.Id)!;
            Assert.Equal(read.PlateImage.Bytes, store.Reads.ReadImage(back.Images[0].Sha256));
        }

        Assert.Single(store.AuditLog.AuditTrail("storage_recovered"));
        Assert.True(store.Administration.Verify().Ok);
    }

    [Fact]
    public async Task While_storage_fails_the_backlog_gives_up_routine_reads_past_its_limit_never_hits_and_audits_them()
    {
        _fixture.Options.MaxBatch = 2;
        _fixture.Options.BacklogLimit = 3;
        await using EvidenceStore store = _fixture.Open(time: TimeProvider.System);
        string filler = Path.Combine(_mount, "filler");
        FillDisk(filler);
        var hitRead = StoreFixture.Read("HITHLD", DateTimeOffset.UtcNow, imageBytes: 20_000);
        Task<StoredReceipt> hit = store.Reads.StoreAsync(new ReadSubmission(hitRead, [StoreFixture.Hit("HITHLD")]));
        var routine = Enumerable.Range(0, 5).Select(i => StoreFixture.Read($"RTN{i:D3}", DateTimeOffset.UtcNow, imageBytes: 20_000)).ToList();
        List<Task<StoredReceipt>> stored = routine.Select(r => store.Reads.StoreAsync(new ReadSubmission(r, []))).ToList();

        await Poll.WaitAsync(() => store.Reads.Health.GivenUp >= 3, TimeSpan.FromSeconds(20));

        Assert.True(store.Reads.Health.GivenUp >= 3, $"given up {store.Reads.Health.GivenUp}: {store.Reads.Health.Reason}");
        File.Delete(filler);
        await Task.WhenAny(hit, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(hit.IsCompletedSuccessfully, $"the hit was not stored once space returned: {store.Reads.Health.Reason}");
        await Task.WhenAny(Task.WhenAll(stored), Task.Delay(TimeSpan.FromSeconds(30)));
        List<Guid> lost = routine.Where((r, i) => stored[i].IsFaulted).Select(r => r.Id).ToList();
        Assert.Equal(3, lost.Count);
        Assert.All(stored.Where(t => t.IsFaulted), t => Assert.IsType<StoreUnavailableException>(t.Exception!.InnerException));
        Assert.Equal(routine.Take(3).Select(r => r.Id), lost);
        Assert.NotNull(store.Reads.FindRead(hitRead.Id));

        // The alarm may go on and off more than once while the disk is full; together the audits name exactly the reads lost.
        Assert.Equal(
            lost,
            store
                .AuditLog.AuditTrail("storage_recovered")
                .SelectMany(a => a.Details["reads_given_up"]!.AsArray())
                .Select(r => Guid.Parse((string)r!["read_id"]!))
        );
    }

    [Fact]
    public async Task On_a_full_disk_the_writer_halves_its_batch_so_that_the_reads_that_fit_are_written_and_grows_back_when_space_returns()
    {
        _fixture.Options.MaxBatch = 64;
        _fixture.Options.BacklogLimit = 64;
        await using EvidenceStore store = _fixture.Open(time: TimeProvider.System);
        await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("FIRST1", DateTimeOffset.UtcNow), []));
        string filler = Path.Combine(_mount, "filler");
        FillDisk(filler);
        // 24 reads of 80 kB of images each, held together while the disk is full.
        var reads = Enumerable.Range(0, 24).Select(i => StoreFixture.Read($"SHR{i:D3}", DateTimeOffset.UtcNow, imageBytes: 20_000)).ToList();
        List<Task<StoredReceipt>> stored = reads.Select(r => store.Reads.StoreAsync(new ReadSubmission(r, []))).ToList();
        await Poll.WaitAsync(() => store.Reads.Health is { Alarm: true, Backlog: 24 }, TimeSpan.FromSeconds(20));
        Assert.Equal(24, store.Reads.Health.Backlog);
        Assert.All(stored, t => Assert.False(t.IsCompleted));

        // Room for some of them (about 1 MB), far from all (1.9 MB of images): all 24 in one batch
        // never fit, smaller batches do.
        using (var file = new FileStream(filler, FileMode.Open))
        {
            file.SetLength(file.Length - 1024 * 1024);
        }

        await Poll.WaitAsync(() => stored.Any(t => t.IsCompletedSuccessfully), TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));
        int written = stored.Count(t => t.IsCompletedSuccessfully);
        Assert.InRange(written, 1, 23);
        Assert.True(store.Reads.Health.Alarm, "the alarm stays on while reads still wait");
        Assert.Equal(24 - written, store.Reads.Health.Backlog);

        File.Delete(filler);
        StoredReceipt[] receipts = await Task.WhenAll(stored).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(reads.Select(r => r.Id), receipts.Select(r => r.ReadId));
        foreach (PlateRead read in reads)
        {
            StoredRead back = store.Reads.FindRead(read.Id)!;
            Assert.Equal(read.ContextImage.Bytes, store.Reads.ReadImage(back.Images[1].Sha256));
        }

        Assert.False(store.Reads.Health.Alarm);
        Assert.Equal(0, store.Reads.Health.Backlog);
        Assert.True(store.Administration.Verify().Ok);
        // No image of a failed batch is left behind, and the count of image files is right.
        Assert.Equal(
            store.Administration.Stats().ImageFiles,
            Directory.EnumerateFiles(Path.Combine(_fixture.Options.Directory, "images"), "*", SearchOption.AllDirectories).Count()
        );

        // The failed commits left LiteDB transactions it could not dispose; finalising one disposes it again on the
        // finalizer thread, where the same error would end the process (here the test host): none may be left to.
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Fact]
    public void A_full_disk_is_told_apart_from_other_failures_wherever_it_is_among_the_causes()
    {
        var enospc = new IOException("No space left on device", 28);
        Assert.True(BatchSize.IsDiskFull(enospc));
        Assert.True(BatchSize.IsDiskFull(new StoreException("the database at /x cannot be read", new InvalidOperationException("x", enospc))));
        Assert.True(BatchSize.IsDiskFull(new AggregateException(new IOException("quota", 122))));
        Assert.True(BatchSize.IsDiskFull(new IOException("disk full", unchecked((int)0x80070070))));
        Assert.False(BatchSize.IsDiskFull(new IOException("Input/output error", 5)));
        Assert.False(BatchSize.IsDiskFull(new InvalidOperationException("closed")));
    }

    private static void FillDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Create);
        byte[] block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private static void Run(string command, params string[] args)
    {
        ProcessResult process = ProcessRunner.Run(command, args);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{command} {string.Join(' ', args)} failed (the disk-full tests need root to mount a tmpfs): {process.Stderr}"
            );
        }
    }
}
