using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The hot list kept on the unit: the snapshot in use (swapped whole by an update), its status,
/// platform updates (signed), and local entries added by a user.
/// </summary>
public interface IHotLists
{
    /// <summary>The snapshot in use now; an update swapping in meanwhile applies to the next lookup.</summary>
    HotListSnapshot Current { get; }

    /// <summary>The largest update or list file taken, in bytes.</summary>
    int MaxUpdateBytes { get; }

    /// <summary>Where new entries are matched against past reads (the evidence store in the agent).</summary>
    IReadHistory? History { get; set; }

    /// <summary>Raised when a new entry matched reads already kept.</summary>
    event Action<IReadOnlyList<HotListHit>>? RetroactiveHitsFound;

    /// <summary>Loads the kept list; returns warnings (a stale list, entries skipped).</summary>
    Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Applies a signed platform update (full or delta); refused whole with <see cref="HotListImportException"/>.</summary>
    Task<UpdateOutcome> ApplyUpdateAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken);

    /// <summary>
    /// Starts taking a signed update of <paramref name="length"/> bytes that begins with <paramref name="head"/> (at
    /// least its whole header, or the whole message when it is shorter): checks the header and its signature first and
    /// refuses with <see cref="HotListImportException"/> before anything is kept.
    /// </summary>
    IncomingUpdate Receive(ReadOnlySpan<byte> head, long length);

    /// <summary>Applies an update taken through <see cref="Receive"/> and completed; disposes it.</summary>
    Task<UpdateOutcome> ApplyUpdateAsync(IncomingUpdate update, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="file"/> starts as a signed platform update does (else it is a plain list).</summary>
    bool IsSignedUpdate(ReadOnlySpan<byte> file);

    /// <summary>Adds a plain list as local entries.</summary>
    Task<UpdateOutcome> ImportLocalAsync(ReadOnlyMemory<byte> list, ImportDefaults defaults, CancellationToken cancellationToken);

    /// <summary>Adds one local entry ("new wanted").</summary>
    Task<UpdateOutcome> AddLocalAsync(HotListEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the local entries of <paramref name="plate"/> (normalised) in <paramref name="state"/>, or in its one state
    /// when null; a platform entry is never removed here (the platform's next update does that). Refused with
    /// <see cref="HotListImportException"/>, the list in use untouched, when there is no such local entry.
    /// </summary>
    /// <param name="plate">The plate as listed, '*' for unseen characters.</param>
    /// <param name="state">Its state; null when the plate is listed locally in one state only, or without one.</param>
    /// <param name="reason">Why it is removed (a recovered car), for the log; the caller audits it.</param>
    /// <param name="cancellationToken">Stops waiting for another change in progress.</param>
    Task<UpdateOutcome> RemoveLocalAsync(string plate, string? state, string reason, CancellationToken cancellationToken);

    HotListStatus Status();
}
