namespace EdgeAlpr.Core.HotLists;

/// <summary>Where an entry came from: the platform's signed list, or a user on this unit.</summary>
public enum HotListOrigin : byte
{
    Platform,
    Local,
}
