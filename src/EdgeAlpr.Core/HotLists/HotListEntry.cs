namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// One hot-list entry. <see cref="Plate"/> is normalised (A–Z, 0–9, and '*' for a character a
/// witness did not see); <see cref="State"/> is the issuing state or jurisdiction, or null.
/// </summary>
public sealed record HotListEntry
{
    public required string Plate { get; init; }

    public string? State { get; init; }

    public required HotListCategory Category { get; init; }

    /// <summary>Other categories the same plate was listed under, merged into this entry.</summary>
    public IReadOnlyList<HotListCategory> AlsoListedAs { get; init; } = [];

    /// <summary>NCIC, LEADS, SOS, LOCAL, …</summary>
    public required string Source { get; init; }

    /// <summary>The source's record number, e.g. the NCIC number.</summary>
    public string? RecordNumber { get; init; }

    public string? Reason { get; init; }

    /// <summary>Make, model, colour, year as the source describes them.</summary>
    public string? Vehicle { get; init; }

    public string? EnteredBy { get; init; }

    public DateTimeOffset? EnteredAt { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public HotListOrigin Origin { get; init; }

    public bool IsWildcard => Plate.Contains('*', StringComparison.Ordinal);

    public bool IsExpired(DateTimeOffset now) => Expires is { } e && e <= now;
}
