namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// What a repair of a damaged store did: the damaged files were moved to <see cref="Quarantined"/>
/// (kept, never deleted), every record and image that could be read was salvaged into a fresh
/// store, and what could not is counted here. Audited as <c>store_repaired</c> and raised on health.
/// </summary>
public sealed record StoreRepairReport(
    string Cause,
    string Quarantined,
    long SalvagedReads,
    long SalvagedHits,
    long SalvagedDispositions,
    long SalvagedAuditEvents,
    long SalvagedRecords,
    long LostPages,
    long LostRecords,
    long ImagesMissingOrDamaged,
    IReadOnlyList<string> Problems,
    DateTimeOffset At
)
{
    /// <summary>Image files no salvaged read refers to (their reads' records were lost): moved into the quarantine, kept.</summary>
    public long ImagesQuarantined { get; init; }
}
