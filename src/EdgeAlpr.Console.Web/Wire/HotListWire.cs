using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.WebConsole.Wire;

/// <summary>
/// <c>POST /api/hotlist/local</c>'s body: a local entry as typed. There is no field for who enters it (an
/// <c>entered_by</c> sent is ignored): that is the session's user; <c>on_behalf_of</c> is recorded beside them.
/// </summary>
public sealed record LocalEntryRequestWire(
    string? Plate,
    string? State,
    string? Category,
    string? Reason,
    string? Expires,
    string? Vehicle,
    string? Record,
    string? OnBehalfOf
)
{
    public LocalEntryInput Input() => new(Plate, State, Category, Reason, Expires, Vehicle, Record, OnBehalfOf);
}

/// <summary><c>POST /api/hotlist/local/remove</c>'s body: which local entry, and why it goes (required).</summary>
public sealed record LocalRemovalWire(string? Plate, string? State, string? Reason, string? OnBehalfOf);

/// <summary>A local entry as listed: who entered it, when, until when, and why.</summary>
public sealed record LocalEntryWire(
    string Plate,
    string? State,
    string Category,
    string Source,
    string? Reason,
    string? Vehicle,
    string? RecordNumber,
    string? EnteredBy,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? Expires
)
{
    public static LocalEntryWire Of(HotListEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(
            e.Plate,
            e.State,
            HotListCategories.WireName(e.Category),
            e.Source,
            e.Reason,
            e.Vehicle,
            e.RecordNumber,
            e.EnteredBy,
            e.EnteredAt,
            e.Expires
        );
    }
}

/// <summary>
/// What a change did: the list now in use; for a list, its rows taken and refused (each refused line with why), the
/// columns ignored and the photographs of persons left out; the entries a removal took out; and the hits the change
/// found among the reads already kept (each raised as an alert by the agent, as any hit).
/// </summary>
public sealed record HotListChangeWire(
    string Kind,
    long Version,
    int Entries,
    int Rows,
    int Accepted,
    int Rejected,
    int AlreadyExpired,
    int Added,
    int Removed,
    IReadOnlyList<ImportLineError> Errors,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<string> PhotoColumnsDropped,
    int PhotosDropped,
    int EmbeddedImagesDropped,
    IReadOnlyList<LocalEntryWire> RemovedEntries,
    IReadOnlyList<HitRecord> RetroactiveHits
)
{
    public static HotListChangeWire Of(UpdateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ImportSummary? s = outcome.Import;
        return new(
            outcome.Kind,
            outcome.Version,
            outcome.Entries,
            s?.DataLines ?? 0,
            s?.Accepted ?? 0,
            s?.Rejected ?? 0,
            s?.AlreadyExpired ?? 0,
            outcome.Added,
            outcome.Removed,
            s?.Errors ?? [],
            s?.IgnoredColumns ?? [],
            s?.PhotoColumnsDropped ?? [],
            s?.PhotosDropped ?? 0,
            s?.EmbeddedImagesDropped ?? 0,
            [.. outcome.RemovedEntries.Select(LocalEntryWire.Of)],
            [.. outcome.RetroactiveHits.Select(HitRecord.From)]
        );
    }
}
