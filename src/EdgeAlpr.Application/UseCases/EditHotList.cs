using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A person changes the hot list kept on the unit: adds a local "new wanted" entry or imports a
/// plain list as local entries. Who did it and why goes into the audit trail with the list in
/// use (<see cref="RecordInAudit"/>): at once when the store is at hand, or by the agent when it
/// next starts.
/// </summary>
public sealed class EditHotList(IHotLists hotLists)
{
    /// <summary>Adds a local entry, entered by <paramref name="actor"/> unless the entry names who entered it.</summary>
    public Task<UpdateOutcome> AddLocalAsync(HotListEntry entry, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return hotLists.AddLocalAsync(entry.EnteredBy is null ? entry with { EnteredBy = actor } : entry, cancellationToken);
    }

    public Task<UpdateOutcome> ImportLocalAsync(ReadOnlyMemory<byte> list, ImportDefaults defaults, CancellationToken cancellationToken) =>
        hotLists.ImportLocalAsync(list, defaults, cancellationToken);

    /// <summary>
    /// Records the list in use and the local entries added or removed since the trail last saw
    /// them, under <paramref name="actor"/>; returns the number of events written.
    /// </summary>
    public int RecordInAudit(IAuditLog audit, string actor)
    {
        ArgumentNullException.ThrowIfNull(audit);
        HotListStatus status = hotLists.Status();
        return audit.RecordHotList(status.Version, status.CreatedAt, status.Entries, hotLists.Current.Entries(HotListOrigin.Local), actor);
    }
}
