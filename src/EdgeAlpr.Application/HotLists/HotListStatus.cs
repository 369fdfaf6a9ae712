namespace EdgeAlpr.Application.HotLists;

/// <summary>The list in use: version, age, staleness and size.</summary>
public sealed record HotListStatus(
    long Version,
    DateTimeOffset? CreatedAt,
    double? AgeHours,
    bool Stale,
    string? Warning,
    int Entries,
    int LocalEntries,
    int WildcardEntries,
    int WildcardPatterns,
    string Profile,
    IReadOnlyDictionary<string, int> ByCategory
);
