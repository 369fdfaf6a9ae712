using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Keeps the list in use. Every change (signed platform update, local list, local entry) is
/// built beside the current snapshot, written to disk, then swapped in with one reference write:
/// lookups never lock and never see half a list, and a refused change leaves the current list
/// serving.
/// </summary>
public sealed class HotListService : IHotLists, IDisposable
{
    private readonly HotListOptions _options;
    private int _disposed;
    private readonly HotListPolicy _policy;
    private readonly OcrEquivalence _equivalence;
    private readonly HotListStore _store;
    private readonly UpdateChecks _checks;
    private readonly HotListCopyKey _copyKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SnapshotComposer _compose;
    private readonly SemaphoreSlim _updates = new(1, 1);
    private readonly List<byte[]> _chain = [];
    private readonly CopyKeeper _keeper;

    // From this size of list (about 150,000 entries) a load's garbage is worth a collection that returns it.
    private const long LargeList = 16L << 20;
    private string? _generation;
    private volatile HotListSnapshot _current;

    /// <param name="options">The list's settings.</param>
    /// <param name="copyKey">
    /// The key that authenticates the fast-start copy (derived from the store key by the host);
    /// <see cref="HotListCopyKey.None"/> in a process without the store key, which then neither
    /// trusts nor writes a copy.
    /// </param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where the list's messages go.</param>
    public HotListService(HotListOptions options, HotListCopyKey copyKey, TimeProvider time, ILogger<HotListService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(copyKey);
        _options = options;
        _copyKey = copyKey;
        _policy = options.Policy();
        _equivalence = options.Equivalence();
        _store = new HotListStore(options.Directory);
        _keeper = new CopyKeeper(_store.CopyPath, copyKey, logger);
        _checks = new UpdateChecks(
            string.IsNullOrEmpty(options.PublicKeyPath) ? null : PlatformKey.Load(options.PublicKeyPath),
            options.Agency,
            options.DeviceGroup
        );
        _time = time;
        _logger = logger;
        _compose = new SnapshotComposer(options, _policy, _equivalence, time, logger);
        _current = HotListSnapshot.Empty(_policy, _equivalence, options.EditMatchMinLength);
    }

    /// <summary>Largest update or list file taken (<c>HotList:MaxUpdateBytes</c>); what carries updates caps its messages by it.</summary>
    public int MaxUpdateBytes => _options.MaxUpdateBytes;

    /// <summary>The list in use. Take it once per read and match against that snapshot.</summary>
    public HotListSnapshot Current => _current;

    /// <summary>
    /// Why the last load found the kept fast-start copy forged (it failed authentication), or null:
    /// a security event for the host to record beside the log's warning.
    /// </summary>
    public string? CopyRefusal { get; private set; }

    /// <summary>Reads from before a change, matched again when entries are added.</summary>
    public IReadHistory? History { get; set; }

    /// <summary>Raised (on the updating thread, with the new list in use) when added entries match past reads in <see cref="History"/>.</summary>
    public event Action<IReadOnlyList<HotListHit>>? RetroactiveHitsFound;

    /// <summary>
    /// Loads the list kept on disk: the last full update and its deltas, each checked again
    /// (SHA-256 and signature, versions in order), then the local entries. When the unit's own
    /// copy of the built list was made from exactly those files it is used instead of parsing
    /// them again. A damaged file is reported; the list stays at the version before it.
    /// </summary>
    public async Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken)
    {
        await _updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach ((string path, string reason) in _store.ClearIncoming(_time.GetUtcNow()))
            {
                _logger.LogWarning("Hot list: could not remove the unfinished update {Path}: {Reason}", path, reason);
            }

            List<string> problems = await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
            HotListStatus status = Status();
            _logger.LogInformation(
                "Hot list loaded: version {Version}, {Entries} entries ({Local} local)",
                status.Version,
                status.Entries,
                status.LocalEntries
            );
            if (status.Warning is not null)
            {
                _logger.LogWarning("Hot list: {Warning}", status.Warning);
            }

            return problems;
        }
        finally
        {
            _updates.Release();
        }
    }

    /// <summary>
    /// Applies a signed platform update (full or delta); refuses it whole on any size, integrity,
    /// version or format problem, and when it carries photographs of persons, before anything of it
    /// is written.
    /// </summary>
    public async Task<UpdateOutcome> ApplyUpdateAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken)
    {
        await _updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RefuseIfTooLarge(file.Length, "update");
            using IDisposable fileLock = _store.Lock();
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            HotListSnapshot before = _current;
            SignedUpdate update = SignedUpdate.Parse(file);
            (HotListSnapshot next, ImportSummary summary, int added, int removed) = _compose.Apply(before, update, _checks.Whole, cancellationToken);
            if (update.Kind == UpdateKind.Full)
            {
                _store.SaveFull(file);
                _chain.Clear();
            }
            else
            {
                _store.SaveDelta(update.Version, file);
            }

            _chain.Add(ChainStamp(update));
            Changed();
            _current = next;
            _keeper.Keep(next, Stamp(_chain, File.Exists(_store.LocalPath) ? File.ReadAllBytes(_store.LocalPath) : null));
            _logger.LogInformation(
                "Hot list {Kind} update to version {Version} accepted: {Accepted} rows, {Rejected} refused, {Entries} entries in use",
                update.Kind,
                update.Version,
                summary.Accepted,
                summary.Rejected,
                next.Count
            );
            return Outcome(update.Kind == UpdateKind.Full ? "full" : "delta", before, next, summary, added, removed);
        }
        catch (HotListImportException ex)
        {
            // Debug only: whoever called says it (the CLI prints it; the uplink counts refusals and logs them per topic and
            // reason), and anyone who can publish on the agency's topic could otherwise write a line per message.
            _logger.LogDebug("Hot list update refused, version {Version} stays in use: {Reason}", _current.Version, ex.Message);
            throw;
        }
        finally
        {
            _updates.Release();
        }
    }

    /// <summary>
    /// Starts taking a signed update from the network a piece at a time: the header (at most
    /// <see cref="IncomingUpdate.HeadBytes"/>, in <paramref name="head"/>) is parsed, its signature checked and its
    /// version compared with the list in use before anything is kept, so a forged, replayed or oversized message costs
    /// neither memory nor disk. What passes is written to <c>incoming/</c> in the list's folder.
    /// </summary>
    public IncomingUpdate Receive(ReadOnlySpan<byte> head, long length)
    {
        RefuseIfTooLarge(length, "update");
        SignedUpdate header = SignedUpdate.Parse(head.ToArray());
        _checks.Header(_current.Version, header);
        long bodyStart = head.Length - header.Payload.Length;
        var incoming = new IncomingFile(_store.IncomingFolder, header, bodyStart, length);
        try
        {
            incoming.Append(head);
            return incoming;
        }
        catch
        {
            incoming.Dispose();
            throw;
        }
    }

    /// <summary>Applies an update taken through <see cref="Receive"/> (checked again whole, as any update), then deletes its file.</summary>
    public async Task<UpdateOutcome> ApplyUpdateAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (update)
        {
            if (update is not IncomingFile { Completed: true } file)
            {
                throw new ArgumentException("only an update received through Receive and completed can be applied", nameof(update));
            }

            byte[] bytes = await File.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false);
            return await ApplyUpdateAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    public bool IsSignedUpdate(ReadOnlySpan<byte> file) => SignedUpdate.LooksSigned(file);

    /// <summary>
    /// Adds the rows of a plain list file (CSV or PLATE;STATE lines) as local entries; photographs
    /// of persons in it are left out and counted (<see cref="ImportSummary.PhotoColumnsDropped"/>).
    /// </summary>
    public async Task<UpdateOutcome> ImportLocalAsync(ReadOnlyMemory<byte> list, ImportDefaults defaults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        RefuseIfTooLarge(list.Length, "list");
        return await ChangeLocalAsync(
                (builder, token) => _compose.ReadInto(builder, list, defaults with { Origin = HotListOrigin.Local }, PhotoRule.Drop, token),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>Adds one local entry (a "new wanted" typed in on the unit).</summary>
    public async Task<UpdateOutcome> AddLocalAsync(HotListEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await ChangeLocalAsync(
                (builder, _) =>
                {
                    string? problem = builder.TryAdd(entry with { Origin = HotListOrigin.Local });
                    if (problem is not null)
                    {
                        throw new HotListImportException($"entry refused: {problem}");
                    }

                    return new ImportSummary("entry", 1, 1, 0, entry.IsExpired(_time.GetUtcNow()) ? 1 : 0, [], []);
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the local entries of <paramref name="plate"/> in <paramref name="state"/> (or in its one state when null):
    /// a recovered car, a case closed. Platform entries stay; the platform's next update removes those. The new list is
    /// written and swapped in as any change, so the matcher stops hitting the plate at once.
    /// </summary>
    public async Task<UpdateOutcome> RemoveLocalAsync(string plate, string? state, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plate);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await _updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using IDisposable fileLock = _store.Lock();
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            HotListSnapshot before = _current;
            (HashSet<int> local, List<HotListEntry> removed) = LocalRemoval.Find(before, plate, state);
            HotListSnapshotBuilder builder = _compose.NewBuilder(before.Version, before.CreatedAt);
            builder.AddFrom(before, (_, e) => !local.Contains(e));
            HotListSnapshot next = builder.Build(_time.GetUtcNow());
            _store.SaveLocal(next.Entries(HotListOrigin.Local));
            Changed();
            _current = next;
            _keeper.Keep(next, Stamp(_chain, File.ReadAllBytes(_store.LocalPath)));
            // The reason goes to the audit trail with who removed it; the log says only that it happened.
            _logger.LogInformation(
                "Local hot-list entry {Plate} removed ({Count} entries), {Entries} entries in use",
                PlateMask.ForLog(plate, _logger.IsEnabled(LogLevel.Debug)),
                removed.Count,
                next.Count
            );
            return new UpdateOutcome("local_removal", next.Version, next.Count, 0, removed.Count, null, []) { RemovedEntries = removed };
        }
        finally
        {
            _updates.Release();
        }
    }

    public HotListStatus Status()
    {
        HotListSnapshot s = _current;
        DateTimeOffset now = _time.GetUtcNow();
        TimeSpan? age = s.CreatedAt is { } created ? now - created : null;
        string? warning = age switch
        {
            null => "no platform hot list has been received; only local entries are matched",
            { } a when a > _options.StaleAfter =>
                $"stale hot list: version {s.Version} is {a.TotalHours:F1} h old (limit {_options.StaleAfter.TotalHours:F1} h); check the platform connection",
            _ => null,
        };
        return new HotListStatus(
            s.Version,
            s.CreatedAt,
            age is { } x ? Math.Round(x.TotalHours, 2) : null,
            warning is not null,
            warning,
            s.Count,
            s.LocalCount,
            s.WildcardCount,
            s.WildcardPatterns,
            _policy.Profile.ToString(),
            s.CountByCategory().OrderBy(p => p.Key).ToDictionary(p => HotListCategories.WireName(p.Key), p => p.Value)
        );
    }

    public void Dispose()
    {
        // Idempotent: the host's container may reach it through more than one registration (its ports).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _keeper.Wait();
        // Lookups still holding the snapshot keep it; the service itself lets it go.
        _current = HotListSnapshot.Empty(_policy, _equivalence, _options.EditMatchMinLength);
        _checks.Dispose();
        _updates.Dispose();
    }

    private async Task<List<string>> LoadCoreAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        _generation = _store.ReadGeneration();
        List<SignedUpdate> chain = await VerifyChainAsync(problems, cancellationToken).ConfigureAwait(false);
        byte[]? local = File.Exists(_store.LocalPath)
            ? await File.ReadAllBytesAsync(_store.LocalPath, cancellationToken).ConfigureAwait(false)
            : null;
        var stamps = chain.Select(ChainStamp).ToList();
        string stamp = Stamp(stamps, local);
        if (File.Exists(_store.CopyPath) && _copyKey.Present)
        {
            // The verified files hold the whole list's bytes (108 MB for 2 million entries): let them go while the kept
            // copy is read, which is the usual start, and read them again only if it is not taken.
            chain.Clear();
        }

        HotListSnapshot? snapshot = await TryReadCopyAsync(stamp, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            if (chain.Count < stamps.Count)
            {
                chain = await VerifyChainAsync([], cancellationToken).ConfigureAwait(false);
                // Files changed between the two readings: the stamp follows what is read now (their problems were
                // reported from the first).
                stamps = chain.Select(ChainStamp).ToList();
                stamp = Stamp(stamps, local);
            }

            snapshot = HotListSnapshot.Empty(_policy, _equivalence, _options.EditMatchMinLength);
            for (int i = 0; i < chain.Count; i++)
            {
                try
                {
                    snapshot = _compose.Apply(snapshot, chain[i], check: null, cancellationToken).Next;
                }
                catch (HotListImportException ex)
                {
                    // Verified, yet refused now: kept by an agent without today's checks (photographs),
                    // or read under settings that refuse most of it (another profile).
                    problems.Add(
                        $"kept update to version {chain[i].Version}: {ex.Message}; the list stays at version {snapshot.Version}"
                            + (i + 1 < chain.Count ? $" ({chain.Count - i - 1} later update(s) not applied)" : "")
                    );
                    chain.RemoveRange(i, chain.Count - i);
                    stamps.RemoveRange(i, stamps.Count - i);
                    stamp = Stamp(stamps, local);
                    break;
                }
            }

            if (local is not null)
            {
                try
                {
                    var builder = _compose.NewBuilder(snapshot.Version, snapshot.CreatedAt);
                    builder.AddFrom(snapshot);
                    ImportSummary summary = _compose.ReadInto(
                        builder,
                        local,
                        new ImportDefaults { Origin = HotListOrigin.Local },
                        PhotoRule.Drop,
                        cancellationToken
                    );
                    problems.AddRange(summary.Errors.Select(e => $"{_store.LocalPath} line {e.Line}: {e.Reason}"));
                    snapshot = builder.Build(_time.GetUtcNow());
                }
                catch (HotListImportException ex)
                {
                    problems.Add($"{_store.LocalPath}: {ex.Message}");
                }
            }

            if (chain.Count > 0 || local is not null)
            {
                _keeper.Keep(snapshot, stamp);
            }
        }

        _chain.Clear();
        _chain.AddRange(stamps);
        _current = snapshot;

        // The verified files hold the whole list's bytes: let them go now, not when the task does.
        chain.Clear();
        // What the load left behind (the files' bytes, the parse, the copy's bytes, the builder's arrays) is several
        // times the list for a state list, on a board with 2 GB for everything: returned to the system now, once, rather
        // than kept by the collector for a heap the agent does not need again. A blocking collection, before the
        // cameras start. A small list leaves little: no pause for it.
        if (snapshot.IndexBytes > LargeList)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        foreach (string problem in problems)
        {
            _logger.LogError("Hot list on disk: {Problem}", problem);
        }

        return problems;
    }

    /// <summary>
    /// Under the file lock: when another process (the agent, or a command) changed the kept list
    /// since this one loaded it, load it again first, so no change of theirs is built over.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (_store.ReadGeneration() != _generation)
        {
            _logger.LogInformation("Hot list: changed on disk by another process; loading it again before this change");
            await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Changed() => _generation = _store.WriteGeneration();

    private async Task<UpdateOutcome> ChangeLocalAsync(
        Func<HotListSnapshotBuilder, CancellationToken, ImportSummary> add,
        CancellationToken cancellationToken
    )
    {
        await _updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using IDisposable fileLock = _store.Lock();
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            HotListSnapshot before = _current;
            HotListSnapshotBuilder builder = _compose.NewBuilder(before.Version, before.CreatedAt);
            builder.AddFrom(before);
            ImportSummary summary = add(builder, cancellationToken);
            SnapshotComposer.RefuseIfMostlyInvalid(summary);
            HotListSnapshot next = builder.Build(_time.GetUtcNow());
            _store.SaveLocal(next.Entries(HotListOrigin.Local));
            Changed();
            _current = next;
            _keeper.Keep(next, Stamp(_chain, File.ReadAllBytes(_store.LocalPath)));
            _logger.LogInformation("Local hot-list entries added: {Accepted} accepted, {Rejected} refused", summary.Accepted, summary.Rejected);
            return Outcome("local", before, next, summary, summary.Accepted, 0);
        }
        finally
        {
            _updates.Release();
        }
    }

    private UpdateOutcome Outcome(string kind, HotListSnapshot before, HotListSnapshot next, ImportSummary summary, int added, int removed)
    {
        List<HotListHit> retro = History is null ? [] : RetroactiveMatcher.Find(before, next, History, _time.GetUtcNow(), _options.PastReadWindow);
        bool reveal = _logger.IsEnabled(LogLevel.Debug);
        foreach (HotListHit hit in retro)
        {
            _logger.LogWarning(
                "Retroactive hit: {Plate} ({Category}) was read by {Camera} {Minutes:F0} min ago; verify through LEADS/NCIC before any action",
                PlateMask.ForLog(hit.Entry.Plate, reveal),
                HotListCategories.WireName(hit.Entry.Category),
                hit.Retroactive!.CameraId,
                hit.Retroactive.Before.TotalMinutes
            );
        }

        if (retro.Count > 0)
        {
            RetroactiveHitsFound?.Invoke(retro);
        }

        return new UpdateOutcome(kind, next.Version, next.Count, added, removed, summary, retro);
    }

    // The kept files in order, each verified and following the one before; the first bad one ends the chain.
    private async Task<List<SignedUpdate>> VerifyChainAsync(List<string> problems, CancellationToken cancellationToken)
    {
        var chain = new List<SignedUpdate>();
        if (!_store.HasSnapshot)
        {
            return chain;
        }

        string[] paths = [_store.SnapshotPath, .. _store.DeltaPaths()];
        for (int i = 0; i < paths.Length; i++)
        {
            try
            {
                SignedUpdate update = SignedUpdate.Parse(await File.ReadAllBytesAsync(paths[i], cancellationToken).ConfigureAwait(false));
                _checks.Whole(chain.Count == 0 ? 0 : chain[^1].Version, update);
                if (i == 0 && update.Kind != UpdateKind.Full)
                {
                    throw new HotListImportException("the kept snapshot is not a full list");
                }

                chain.Add(update);
            }
            catch (Exception ex) when (ex is HotListImportException or IOException or UnauthorizedAccessException)
            {
                long version = chain.Count == 0 ? 0 : chain[^1].Version;
                problems.Add(
                    $"{paths[i]}: {ex.Message}; the list stays at version {version}"
                        + (i + 1 < paths.Length ? $" ({paths.Length - i - 1} later update(s) not applied)" : "")
                );
                break;
            }
        }

        return chain;
    }

    private async Task<HotListSnapshot?> TryReadCopyAsync(string stamp, CancellationToken cancellationToken)
    {
        CopyRefusal = null;
        if (!File.Exists(_store.CopyPath))
        {
            return null;
        }

        if (!_copyKey.Present)
        {
            // Anyone who can write the folder can write a copy; only the key tells the unit's own from theirs.
            _logger.LogInformation(
                "Hot list: the kept copy is not used without the key that authenticates it ({Why}); reading the signed list files",
                _copyKey.Why
            );
            return null;
        }

        byte[] bytes = await File.ReadAllBytesAsync(_store.CopyPath, cancellationToken).ConfigureAwait(false);
        HotListSnapshot? copy = SnapshotFormat.TryRead(
            bytes,
            stamp,
            _copyKey.Bytes,
            _policy,
            _equivalence,
            _options.EditMatchMinLength,
            _time.GetUtcNow(),
            out string? why,
            out bool forged
        );
        if (forged)
        {
            CopyRefusal = $"{_store.CopyPath} failed authentication: {why}";
            _logger.LogWarning(
                "Hot list: SECURITY: the kept copy {Path} failed authentication ({Reason}); it may have been tampered with by someone who can write {Folder}. "
                    + "It is discarded and the list is rebuilt from the signed files; check who has access to the unit",
                _store.CopyPath,
                why,
                _store.Directory
            );
        }
        else if (copy is null)
        {
            _logger.LogInformation("Hot list: the kept copy is not used ({Reason}); reading the list files", why);
        }

        return copy;
    }

    private void RefuseIfTooLarge(long length, string what)
    {
        if (length > _options.MaxUpdateBytes)
        {
            throw new HotListImportException(
                $"the {what} is {length} bytes, more than HotList:MaxUpdateBytes ({_options.MaxUpdateBytes}); refused unread",
                code: HotListRefusal.TooLarge
            );
        }
    }

    private string Stamp(IEnumerable<byte[]> chain, byte[]? local) => CopyStamp.Of(_policy, chain, local);

    private static byte[] ChainStamp(SignedUpdate update) => CopyStamp.Of(update);
}
