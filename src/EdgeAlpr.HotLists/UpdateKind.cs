namespace EdgeAlpr.HotLists;

/// <summary>A platform update replaces the whole list or changes part of it.</summary>
public enum UpdateKind
{
    Full,
    Delta,
}
