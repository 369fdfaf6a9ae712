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
}
