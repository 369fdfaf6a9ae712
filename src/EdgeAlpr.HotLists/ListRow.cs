using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>What a row of a delta does to the list.</summary>
public enum ListOperation
{
    Add,
    Remove,
}

/// <summary>One parsed row of a list file, with its line number for error reports.</summary>
public sealed record ListRow(int Line, ListOperation Operation, HotListEntry Entry);
