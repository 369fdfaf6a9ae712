using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>
/// The real hot list, whose local additions are held after the list has changed and before the caller hears of it, until
/// <see cref="Release"/>: the moment a use case's change is in use but not yet audited.
/// </summary>
internal sealed class HeldHotLists(IHotLists inner) : IHotLists
{
    private readonly TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once an addition has changed the list and is being held.</summary>
    public Task Changed => _changed.Task;

    public void Release() => _release.TrySetResult();

    public HotListSnapshot Current => inner.Current;

    public int MaxUpdateBytes => inner.MaxUpdateBytes;

    public IReadHistory? History
    {
        get => inner.History;
        set => inner.History = value;
    }

    public event Action<IReadOnlyList<HotListHit>>? RetroactiveHitsFound
    {
        add => inner.RetroactiveHitsFound += value;
        remove => inner.RetroactiveHitsFound -= value;
    }

    public async Task<UpdateOutcome> AddLocalAsync(HotListEntry entry, CancellationToken cancellationToken)
    {
        UpdateOutcome outcome = await inner.AddLocalAsync(entry, cancellationToken);
        _changed.TrySetResult();
        await _release.Task.WaitAsync(cancellationToken);
        return outcome;
    }

    public Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

    public Task<UpdateOutcome> ApplyUpdateAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken) =>
        inner.ApplyUpdateAsync(file, cancellationToken);

    public IncomingUpdate Receive(ReadOnlySpan<byte> head, long length) => inner.Receive(head, length);

    public Task<UpdateOutcome> ApplyUpdateAsync(IncomingUpdate update, CancellationToken cancellationToken) =>
        inner.ApplyUpdateAsync(update, cancellationToken);

    public bool IsSignedUpdate(ReadOnlySpan<byte> file) => inner.IsSignedUpdate(file);

    public Task<UpdateOutcome> ImportLocalAsync(ReadOnlyMemory<byte> list, ImportDefaults defaults, CancellationToken cancellationToken) =>
        inner.ImportLocalAsync(list, defaults, cancellationToken);

    public Task<UpdateOutcome> RemoveLocalAsync(string plate, string? state, string reason, CancellationToken cancellationToken) =>
        inner.RemoveLocalAsync(plate, state, reason, cancellationToken);

    public HotListStatus Status() => inner.Status();
}
