namespace EdgeAlpr.HotLists;

/// <summary>What a list file's photographs of persons get; the agent never stores one either way.</summary>
public enum PhotoRule
{
    /// <summary>A plain list: photo columns and embedded pictures are left out, counted and reported; the rest is read.</summary>
    Drop,

    /// <summary>
    /// A signed update, which is kept on disk exactly as received (leaving a picture out would still
    /// store it in that file): the whole update is refused.
    /// </summary>
    Refuse,
}
