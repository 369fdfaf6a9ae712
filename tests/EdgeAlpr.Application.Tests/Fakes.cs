using System.Runtime.CompilerServices;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Application.Tests;

internal static class Make
{
    public static HotListEntry Stolen(string plate) =>
        new()
        {
            Plate = plate,
            State = "IL",
            Category = HotListCategory.StolenVehicle,
            Source = "NCIC",
        };

    public static HotListSnapshot Snapshot(params HotListEntry[] entries)
    {
        var builder = new HotListSnapshotBuilder(HotListPolicy.Default, OcrEquivalence.Default, 5);
        foreach (HotListEntry e in entries)
        {
            Assert.Null(builder.TryAdd(e));
        }

        return builder.Build(DateTimeOffset.UnixEpoch);
    }

    public static PlateRead Read(string plate, DateTimeOffset at, string camera = "cam1") =>
        new(
            PlateRead.NewId(),
            "unit-7",
            camera,
            at,
            at,
            at,
            plate,
            0.99f,
            [new PlateCandidate(plate, 0.99f)],
            null,
            new BoundingBox(1, 2, 30, 12),
            3,
            null,
            new EvidenceImage([1, 2, 3], "image/jpeg"),
            new EvidenceImage([4, 5, 6], "image/jpeg")
        );

    public static HotListHit Hit(string plate) => new(Stolen(plate), MatchKind.Exact, 1f, plate, 0, 80, true);
}

internal sealed class FakeHotLists(HotListSnapshot current) : IHotLists
{
    public HotListSnapshot Current { get; set; } = current;

    public int MaxUpdateBytes => 0;

    public IReadHistory? History { get; set; }

    public event Action<IReadOnlyList<HotListHit>>? RetroactiveHitsFound;

    public void Found(IReadOnlyList<HotListHit> hits) => RetroactiveHitsFound?.Invoke(hits);

    public Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>When set, every update is refused with it.</summary>
    public HotListImportException? Refusal { get; set; }

    public Task<UpdateOutcome> ApplyUpdateAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken) =>
        Refusal is null ? throw new NotSupportedException() : Task.FromException<UpdateOutcome>(Refusal);

    public IncomingUpdate Receive(ReadOnlySpan<byte> head, long length) => throw (Exception?)Refusal ?? new NotSupportedException();

    public Task<UpdateOutcome> ApplyUpdateAsync(IncomingUpdate update, CancellationToken cancellationToken) =>
        Refusal is null ? throw new NotSupportedException() : Task.FromException<UpdateOutcome>(Refusal);

    public Task<UpdateOutcome> ImportLocalAsync(ReadOnlyMemory<byte> list, ImportDefaults defaults, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<UpdateOutcome> AddLocalAsync(HotListEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UpdateOutcome> RemoveLocalAsync(string plate, string? state, string reason, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public bool IsSignedUpdate(ReadOnlySpan<byte> file) => throw new NotSupportedException();

    public HotListStatus Status() => throw new NotSupportedException();
}

/// <summary>A store that keeps submissions in memory, or fails as told.</summary>
internal sealed class FakeReadStore : IReadStore
{
    public List<ReadSubmission> Stored { get; } = [];

    public List<HitDisposition> Decisions { get; } = [];

    /// <summary>Thrown when a read is handed over.</summary>
    public StoreException? RefuseWith { get; set; }

    /// <summary>The store takes the read but later gives up on it.</summary>
    public Exception? FailLaterWith { get; set; }

    public Func<IReadOnlyList<HotListHit>, IReadOnlyList<(Guid HitId, HotListHit Hit, string CameraId)>> Retroactive { get; set; } =
        hits => [.. hits.Select(h => (Guid.CreateVersion7(), h, h.Retroactive?.CameraId ?? "cam?"))];

    public Dictionary<Guid, StoredRead> Reads { get; } = [];

    public StorageHealth Health => throw new NotSupportedException();

    public event Action<StorageHealth>? HealthChanged
    {
        add { }
        remove { }
    }

    public Task<StoredReceipt> StoreAsync(ReadSubmission submission, CancellationToken cancellationToken = default)
    {
        if (RefuseWith is not null)
        {
            throw RefuseWith;
        }

        if (FailLaterWith is not null)
        {
            return Task.FromException<StoredReceipt>(FailLaterWith);
        }

        Stored.Add(submission);
        return Task.FromResult(new StoredReceipt(submission.Read.Id, submission.HitIds ?? [], RetentionClass.Routine, DateTimeOffset.UnixEpoch));
    }

    public IReadOnlyList<(Guid HitId, HotListHit Hit, string CameraId)> RecordRetroactiveHits(IReadOnlyList<HotListHit> hits) => Retroactive(hits);

    public Guid RecordDisposition(HitDisposition disposition)
    {
        Decisions.Add(disposition);
        return Guid.CreateVersion7();
    }

    public StoredRead? FindRead(Guid id) => Reads.GetValueOrDefault(id);

    /// <summary>Image bytes by SHA-256, for the reads in <see cref="Reads"/> that name them.</summary>
    public Dictionary<string, byte[]> Images { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ExportRead> Gather(IReadOnlyList<StoredRead> found) =>
        [
            .. found.Select(r => new ExportRead(
                r,
                [],
                r.Images.Where(i => Images.ContainsKey(i.Sha256)).ToDictionary(i => i.Sha256, i => Images[i.Sha256]),
                []
            )),
        ];

    public byte[] ReadImage(string sha256) => throw new NotSupportedException();

    public StoredHit? FindHit(Guid id) => throw new NotSupportedException();

    public IReadOnlyList<StoredHit> FindHitsByPrefix(string prefix) => throw new NotSupportedException();

    public IReadOnlyList<HitSummary> ListHits(int max, bool undecidedOnly) => throw new NotSupportedException();

    public IReadOnlyList<StoredRead> ListRecentReads(int max, DateTimeOffset? after) => throw new NotSupportedException();

    public StoredDisposition? FindDisposition(Guid id) => throw new NotSupportedException();

    public IReadOnlyList<Guid> DispositionsOf(Guid hitId) => throw new NotSupportedException();

    public IEnumerable<RecentRead> Since(DateTimeOffset from) => [];
}

internal sealed record AuditEvent(string Action, string? Subject, IReadOnlyDictionary<string, object?> Details, string Actor);

internal sealed class FakeAuditLog : IAuditLog
{
    public List<AuditEvent> Events { get; } = [];

    /// <summary>When set, recording fails with it.</summary>
    public Exception? Failure { get; set; }

    public long RecordAudit(string action, string? subject, IReadOnlyDictionary<string, object?> details, string actor)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        Events.Add(new AuditEvent(action, subject, details, actor));
        return Events.Count;
    }

    public IReadOnlyList<StoredAuditEvent> QueryAudit(AuditFilter filter) => throw new NotSupportedException();

    public IReadOnlyList<StoredAuditEvent> AuditSince(DateTimeOffset from, string? action = null) => throw new NotSupportedException();

    public StoredAuditEvent? FindAuditEvent(long id) => throw new NotSupportedException();

    public IReadOnlyList<StoredAuditEvent> AuditTrail(string? action = null) => throw new NotSupportedException();

    public AuditVerification VerifyAudit(IReadOnlyDictionary<long, string>? expected = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public AuditCheckpoint? CheckpointAudit(string actor = "agent") => throw new NotSupportedException();

    public bool RecordSettings(IReadOnlyDictionary<string, string?> settings, string source, string actor) => throw new NotSupportedException();

    public int RecordHotList(
        long version,
        DateTimeOffset? createdAt,
        int entries,
        IEnumerable<HotListEntry> localEntries,
        string actor,
        HotListChange? change = null
    ) => throw new NotSupportedException();
}

internal sealed class FakePanel : IAlertPanel
{
    public List<Alert> Shown { get; } = [];

    public Exception? FailWith { get; set; }

    public event Action<HitDisposition>? Decided;

    public bool Enabled { get; set; } = true;

    public void Decide(HitDisposition decision) => Decided?.Invoke(decision);

    public Task RaiseAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        lock (Shown)
        {
            Shown.Add(alert);
        }

        return Task.CompletedTask;
    }
}

internal sealed class FakeSound : IAlertSound
{
    public List<Alert> Played { get; } = [];

    public async Task PlayAsync(Alert alert, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (Played)
        {
            Played.Add(alert);
        }
    }
}

/// <summary>A camera source that yields the given reads, in order.</summary>
internal sealed class ListSource(IReadOnlyList<PlateRead> reads) : IReadSource
{
    public bool Opened { get; private set; }

    public event Action<Core.Capture.CameraStatus>? CameraChanged
    {
        add { }
        remove { }
    }

    public IReadOnlyList<string> CameraIds => ["cam1"];

    public int Waiting => 0;

    public bool Stalled => false;

    public Task OpenAsync(CancellationToken cancellationToken)
    {
        Opened = true;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<SourcedRead> ReadAsync([EnumeratorCancellation] CancellationToken stopCapture)
    {
        foreach (PlateRead read in reads)
        {
            await Task.Yield();
            yield return new SourcedRead(read, 0);
        }
    }

    public IReadOnlyList<Contracts.WireCamera> Cameras() => [];
}
