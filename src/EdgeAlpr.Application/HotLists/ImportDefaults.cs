using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.HotLists;

/// <summary>What a list file's rows get when they do not say it themselves.</summary>
public sealed record ImportDefaults
{
    /// <summary>Category for rows without one; null makes such rows errors.</summary>
    public HotListCategory? Category { get; init; }

    public string Source { get; init; } = "LOCAL";

    public HotListOrigin Origin { get; init; } = HotListOrigin.Local;

    /// <summary>Who added the entries, for local lists.</summary>
    public string? EnteredBy { get; init; }

    public DateTimeOffset? EnteredAt { get; init; }

    /// <summary>
    /// True when <see cref="EnteredBy"/> and <see cref="EnteredAt"/> are the person who signed in and now, for every row:
    /// a list's own <c>entered_by</c>/<c>entered_at</c> columns are then ignored, so a file cannot name someone else.
    /// </summary>
    public bool EnteredHere { get; init; }
}
